import Inference

/// Brute-force references the tests compare the product against: plain-loop linear algebra (no LAPACK) and
/// seeded synthetic data. For tests only; nothing in the product depends on it.
public enum DenseReference {
    /// Solves A·x = b by Gaussian elimination with partial pivoting (A square, as rows).
    public static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a
        var v = b
        let n = b.count
        for c in 0..<n {
            let pivot = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, pivot)
            v.swapAt(c, pivot)
            for r in (c + 1)..<n where m[r][c] != 0 {
                let f = m[r][c] / m[c][c]
                for k in c..<n { m[r][k] -= f * m[c][k] }
                v[r] -= f * v[c]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for k in (r + 1)..<n { s -= m[r][k] * x[k] }
            x[r] = s / m[r][r]
        }
        return x
    }

    /// max |a − b| / max(max |b|, floor).
    public static func relativeError(_ a: [Double], _ b: [Double], floor: Double = 1) -> Double {
        precondition(a.count == b.count)
        let scale = max(b.map(abs).max() ?? 0, floor)
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    /// x ~ N(0, I) (n × d), y = x·w + bias + N(0, σ²) with w ~ N(0, I), all from one seed.
    public static func linearGaussian(n: Int, d: Int, noise: Double, bias: Double, seed: UInt64) -> (
        x: [Double], y: [Double], w: [Double]
    ) {
        var rng = Xoshiro256(seed: seed)
        var w = [Double](repeating: 0, count: d)
        rng.fillStandardNormal(&w)
        var x = [Double](repeating: 0, count: n * d)
        rng.fillStandardNormal(&x)
        var e = [Double](repeating: 0, count: n)
        rng.fillStandardNormal(&e)
        let y = (0..<n).map { i in (0..<d).reduce(bias) { $0 + x[i * d + $1] * w[$1] } + noise.squareRoot() * e[i] }
        return (x, y, w)
    }
}
