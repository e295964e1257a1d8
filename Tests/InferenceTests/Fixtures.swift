import Foundation
@testable import Inference
import TestSupport

/// Seeded synthetic data and brute-force references for the tests. Independent of LAPACK: the reference
/// solver is Gaussian elimination with partial pivoting.
enum Fixtures {
    /// x ~ N(0, I) (n × d), y = x·w + b + N(0, σ²).
    static func linearGaussian(n: Int, d: Int, noise: Double, bias: Double = 0.5, seed: UInt64) -> (
        x: [Double], y: [Double], w: [Double]
    ) {
        DenseReference.linearGaussian(n: n, d: d, noise: noise, bias: bias, seed: seed)
    }

    /// x ~ N(0, I), y ~ Bernoulli(sigmoid(x·w + b)).
    static func logistic(n: Int, d: Int, scale: Double = 1, seed: UInt64) -> (x: [Double], y: [Double]) {
        var rng = Xoshiro256(seed: seed)
        var w = [Double](repeating: 0, count: d)
        rng.fillStandardNormal(&w)
        var x = [Double](repeating: 0, count: n * d)
        rng.fillStandardNormal(&x)
        let y = (0..<n).map { i -> Double in
            let f = scale * (0..<d).reduce(0.3) { $0 + x[i * d + $1] * w[$1] }
            return rng.nextOpenUnit() < 1 / (1 + exp(-f)) ? 1 : 0
        }
        return (x, y)
    }

    /// Rows [x, 1] of a design matrix.
    static func design(_ x: [Double], d: Int, bias: Bool = true) -> [[Double]] {
        (0..<(x.count / d)).map { i in Array(x[(i * d)..<(i * d + d)]) + (bias ? [1] : []) }
    }

    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] { DenseReference.solve(a, b) }

    /// Inverse by solving against each unit vector.
    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        let columns = (0..<n).map { j in solve(a, (0..<n).map { $0 == j ? 1 : 0 }) }
        return (0..<n).map { i in (0..<n).map { j in columns[j][i] } }
    }

    static func relativeError(_ a: [Double], _ b: [Double], floor: Double = 1) -> Double {
        DenseReference.relativeError(a, b, floor: floor)
    }

    /// The exact Bayesian linear regression posterior: P = λI + Σ wₜ X̃ₜᵀX̃ₜ/σ², b = Σ wₜ X̃ₜᵀyₜ/σ², m = P⁻¹b.
    static func normalEquations(
        rows: [[Double]], y: [Double], weights: [Double]? = nil, noise s2: Double, priorPrecision lambda: Double
    ) -> (precision: [[Double]], mean: [Double]) {
        let p = rows[0].count
        var a = (0..<p).map { i in (0..<p).map { j in i == j ? lambda : 0.0 } }
        var b = [Double](repeating: 0, count: p)
        for (i, r) in rows.enumerated() {
            let w = (weights?[i] ?? 1) / s2
            for j in 0..<p {
                b[j] += w * r[j] * y[i]
                for k in 0..<p { a[j][k] += w * r[j] * r[k] }
            }
        }
        return (a, solve(a, b))
    }
}

extension Model {
    /// The full posterior's precision as rows, for comparisons.
    var precisionRows: [[Double]] {
        guard case .full(let q) = posterior else { return [] }
        let p = q.dimension
        return (0..<p).map { Array(q.precision[($0 * p)..<($0 * p + p)]) }
    }
}
