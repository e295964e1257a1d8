import Foundation
import Inference
import TestSupport

/// Closed forms the daemon's output is checked against, computed independently of the inference core.
enum Reference {
    /// x ~ N(0, I) (n × d), y = x·w + 0.5 + N(0, σ²), seeded.
    static func linearGaussian(n: Int, d: Int, noise: Double, seed: UInt64) -> (x: [Double], y: [Double]) {
        let data = DenseReference.linearGaussian(n: n, d: d, noise: noise, bias: 0.5, seed: seed)
        return (data.x, data.y)
    }

    /// P = λI + X̃ᵀX̃/σ², m = P⁻¹X̃ᵀy/σ² with X̃ = [X, 1] (weights then bias, the contract's layout).
    static func posterior(x: [Double], y: [Double], d: Int, noise s2: Double, lambda: Double) -> (
        mean: [Double], precision: [Double]
    ) {
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

    /// Solves A·x = b for A (n × n, row-major).
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        DenseReference.solve((0..<n).map { Array(a[($0 * n)..<($0 * n + n)]) }, b)
    }

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double { DenseReference.relativeError(a, b) }
}
