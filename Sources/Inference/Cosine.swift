/// cos(x) in plain Swift arithmetic, for the random Fourier features.
///
/// Written here, not taken from libm, because libm's `cos` was 31 % of a random-feature member's time (8192 calls
/// per batch of 64 at width 128): this is a vectorisable loop of IEEE operations, about 3 ns a value. (It does not
/// make the features bit-identical across machines: their argument Ωᵀz/ℓ comes from OpenBLAS, whose kernels
/// differ by CPU; a restart on the same machine is bit-exact.)
///
/// Method: k = round(x·2/π) (by the 1.5·2⁵² shift), r = x − k·π/2 with a three-part π/2 (Cody & Waite 1980), then cos r or ∓sin r by
/// k mod 4, each a Taylor polynomial on |r| ≤ π/4 (truncation < 3·10⁻¹⁶; within 4·10⁻¹⁶ of libm, tested,
/// for |x| ≤ 10⁴). Arguments from 2⁴⁰ on (an outlier, or a first batch mapped before any statistics) are first
/// reduced modulo 2π in double precision by `bounded` — finite, though no longer the true cosine of x.
///
/// References: Cody & Waite, "Software Manual for the Elementary Functions", 1980 (argument reduction);
/// Muller, "Elementary Functions: Algorithms and Implementation", 3rd ed. 2016, ch. 11.
enum Cosine {
    static let twoOverPi = 0.636_619_772_367_581_343_08
    // π/2 split so that k·c₁ and k·c₂ are exact for |k| < 2²⁰ (fdlibm's pio2_1, pio2_2, pio2_3).
    static let c1 = 1.570_796_326_734_125_614_17
    static let c2 = 6.077_100_506_303_965_976_60e-11
    static let c3 = 2.022_266_248_711_166_455_80e-21

    /// 1.5·2⁵²: adding it rounds to the nearest integer (|v| < 2⁵¹) and leaves that integer in the low bits of the
    /// sum — the classic branch-free rounding, which vectorises where `rounded()` calls libm's `rint` (baseline
    /// x86-64 has no SSE4.1 round instruction).
    static let magic = 6_755_399_441_055_744.0

    @inline(__always) static func cos(_ x: Double) -> Double {
        let shifted = x * twoOverPi + magic
        let k = shifted - magic
        let r = ((x - k * c1) - k * c2) - k * c3
        let r2 = r * r
        // cos r = 1 − r²/2! + r⁴/4! − … + r¹⁶/16!
        let c =
            1 + r2
            * (-0.5 + r2
                * (1.0 / 24 + r2
                    * (-1.0 / 720 + r2
                        * (1.0 / 40320 + r2
                            * (-1.0 / 3_628_800
                                + r2
                                * (1.0 / 479_001_600 + r2 * (-1.0 / 87_178_291_200 + r2 * (1.0 / 20_922_789_888_000))))))))
        // sin r = r − r³/3! + … − r¹⁵/15!
        let s =
            r
            * (1 + r2
                * (-1.0 / 6 + r2
                    * (1.0 / 120 + r2
                        * (-1.0 / 5040 + r2
                            * (1.0 / 362_880 + r2
                                * (-1.0 / 39_916_800
                                    + r2 * (1.0 / 6_227_020_800 + r2 * (-1.0 / 1_307_674_368_000))))))))
        // k mod 4 = 0, 1, 2, 3 → c, −s, −c, s; branch-free so the loop over a feature matrix vectorises.
        let q = Int(truncatingIfNeeded: shifted.bitPattern & 3)
        let odd = Double(q & 1)
        let sign = 1 - Double((q + 1) & 2)
        return sign * (c + odd * (s - c))
    }

    /// Arguments at or beyond this are reduced first (`bounded`).
    static let largest = 1_099_511_627_776.0  // 2⁴⁰

    /// x mod 2π for a huge argument, 0 for an infinite one; NaN stays NaN (the caller refuses non-finite results).
    static func bounded(_ x: Double) -> Double {
        guard abs(x) >= largest else { return x }
        guard x.isFinite else { return 0 }
        return x.truncatingRemainder(dividingBy: 2 * Double.pi)
    }
}
