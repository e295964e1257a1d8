import Foundation
import Inference

/// Closed forms the daemon's output is checked against, computed independently of the inference core.
enum Reference {
    /// x ~ N(0, I) (n × d), y = x·w + 0.5 + N(0, σ²), seeded.
    static func linearGaussian(n: Int, d: Int, noise: Double, seed: UInt64) -> (x: [Double], y: [Double]) {
        var rng = Xoshiro256(seed: seed)
        var w = [Double](repeating: 0, count: d)
        rng.fillStandardNormal(&w)
        var x = [Double](repeating: 0, count: n * d)
        rng.fillStandardNormal(&x)
        var e = [Double](repeating: 0, count: n)
        rng.fillStandardNormal(&e)
        let y = (0..<n).map { i in (0..<d).reduce(0.5) { $0 + x[i * d + $1] * w[$1] } + noise.squareRoot() * e[i] }
        return (x, y)
    }

    /// P = λI + X̃ᵀX̃/σ², m = P⁻¹X̃ᵀy/σ² with X̃ = [X, 1] (weights then bias, the contract's layout).
    static func posterior(x: [Double], y: [Double], d: Int, noise s2: Double, lambda: Double) -> (mean: [Double], precision: [Double]) {
        let p = d + 1
        var a = [Double](repeating: 0, count: p * p)
        var b = [Double](repeating: 0, count: p)
        for i in 0..<p { a[i * p + i] = lambda }
        for r in 0..<y.count {
            let row = Array(x[(r * d)..<(r * d + d)]) + [1]
            for j in 0..<p {
                b[j] += row[j] * y[r] / s2
                for k in 0..<p { a[j * p + k] += row[j] * row[k] / s2 }
            }
        }
        return (solve(a, b, p), a)
    }

    /// Gaussian elimination with partial pivoting.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var m = (0..<n).map { Array(a[($0 * n)..<($0 * n + n)]) }
        var v = b
        for c in 0..<n {
            let pivot = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, pivot)
            v.swapAt(c, pivot)
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                for k in c..<n { m[r][k] -= f * m[c][k] }
                v[r] -= f * v[c]
            }
        }
        var out = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for k in (r + 1)..<n { s -= m[r][k] * out[k] }
            out[r] = s / m[r][r]
        }
        return out
    }

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let scale = max(b.map(abs).max() ?? 0, 1)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }
}
