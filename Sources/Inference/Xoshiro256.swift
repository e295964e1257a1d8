import RealModule

/// xoshiro256** (Blackman & Vigna 2018): a small, fast generator whose whole state is four words, so it is
/// persisted with the posterior and a restarted model draws exactly the samples an uninterrupted one would.
///
/// References: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021.
public struct Xoshiro256: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeds the four words with splitmix64, as the authors recommend.
    public init(seed: UInt64) {
        var s = seed
        func splitmix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public init(state: (UInt64, UInt64, UInt64, UInt64)) { self.state = state }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    /// A uniform double in (0, 1), never 0 (53 random bits).
    @inline(__always) public mutating func nextOpenUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// Fills `out` with independent N(0, 1) draws (Box–Muller, two per pair of uniforms).
    public mutating func fillStandardNormal(_ out: inout [Double]) {
        var i = 0
        while i < out.count {
            let r = Double.sqrt(-2 * Double.log(nextOpenUnit()))
            let a = 2 * Double.pi * nextOpenUnit()
            out[i] = r * Double.cos(a)
            if i + 1 < out.count { out[i + 1] = r * Double.sin(a) }
            i += 2
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.state.0 == b.state.0 && a.state.1 == b.state.1 && a.state.2 == b.state.2 && a.state.3 == b.state.3
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
