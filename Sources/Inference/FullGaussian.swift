import RealModule

/// A Gaussian in natural form: precision P (p × p, symmetric positive definite) and precision-mean b = P·m,
/// with the mean and the Cholesky factor of P kept alongside (derived, recomputed whenever P or b change).
///
/// Natural parameters make the conjugate update and forgetting additive (Khan & Rue 2023, eq. 7): the
/// posterior after a batch is P ← P + Σ Jᵀ Λ J, b ← b + …, and mixing with a prior is linear in (P, b).
public struct FullGaussian: Sendable, Equatable {
    /// P, row-major p × p.
    public private(set) var precision: [Double]
    /// b = P·m.
    public private(set) var precisionMean: [Double]
    /// m = P⁻¹·b.
    public private(set) var mean: [Double]
    /// Opaque Cholesky factor of P (see `LinearAlgebra.cholesky`).
    private(set) var factor: [Double]

    public var dimension: Int { mean.count }

    /// N(m, I/λ).
    public init(mean: [Double], priorPrecision lambda: Double) {
        let p = mean.count
        var precision = [Double](repeating: 0, count: p * p)
        for i in 0..<p { precision[i * p + i] = lambda }
        // A scaled identity is positive definite for λ > 0.
        try! self.init(precision: precision, precisionMean: mean.map { $0 * lambda })
    }

    /// From natural parameters; throws when P is not positive definite or the result is not finite.
    public init(precision: [Double], precisionMean: [Double]) throws {
        let p = precisionMean.count
        guard precision.count == p * p else {
            throw InferenceError.shapeMismatch("precision has \(precision.count) entries for p = \(p)")
        }
        guard let factor = LinearAlgebra.cholesky(precision, p) else {
            throw InferenceError.notPositiveDefinite("Cholesky factorisation failed at p = \(p)")
        }
        let mean = LinearAlgebra.choleskySolve(factor, p, precisionMean)
        guard mean.allSatisfy(\.isFinite), factor.allSatisfy(\.isFinite) else {
            throw InferenceError.nonFiniteResult("posterior mean")
        }
        self.precision = precision
        self.precisionMean = precisionMean
        self.mean = mean
        self.factor = factor
    }

    /// From a precision, its Cholesky factor (from `LinearAlgebra.cholesky`) and the mean: b = P·m, no new
    /// factorisation.
    init(precision: [Double], factor: [Double], mean: [Double]) {
        self.precision = precision
        self.factor = factor
        self.mean = mean
        precisionMean = []
        self = withMean(mean)
    }

    /// From all three stored together (a decoded state): the factor is recomputed from P, b and m are kept as
    /// they were, so a mean that an update set directly (online Newton, re-expression) survives bit for bit.
    init(precision: [Double], precisionMean: [Double], mean: [Double]) throws {
        try self.init(precision: precision, precisionMean: precisionMean)
        guard mean.count == precisionMean.count, mean.allSatisfy(\.isFinite) else {
            throw InferenceError.shapeMismatch("mean")
        }
        self.mean = mean
    }

    /// From mean and precision (b = P·m is computed).
    public init(mean: [Double], precision: [Double]) throws {
        let p = mean.count
        var b = [Double](repeating: 0, count: p)
        for i in 0..<p { var s = 0.0; for j in 0..<p { s += precision[i * p + j] * mean[j] }; b[i] = s }
        try self.init(precision: precision, precisionMean: b)
    }

    /// The same precision (and factor) with another mean: b = P·m′, O(p²), no factorisation.
    /// The same mean under precision f·P (f > 0): b ← f·b and the factor L ← √f·L, since f·P = (√f·L)(√f·L)ᵀ; no
    /// new factorisation.
    func scaled(by f: Double) -> FullGaussian {
        var q = self
        let root = f.squareRoot()
        q.precision = precision.map { $0 * f }
        q.precisionMean = precisionMean.map { $0 * f }
        q.factor = factor.map { $0 * root }
        return q
    }

    func withMean(_ mean: [Double]) -> FullGaussian {
        var q = self
        let p = dimension
        var b = [Double](repeating: 0, count: p)
        precision.withUnsafeBufferPointer { a in
            mean.withUnsafeBufferPointer { m in
                b.withUnsafeMutableBufferPointer {
                    LinearAlgebra.gemv(p, p, 1, a.baseAddress!, m.baseAddress!, 0, $0.baseAddress!)
                }
            }
        }
        q.mean = mean
        q.precisionMean = b
        return q
    }

    /// Σ = P⁻¹ (row-major).
    public var covariance: [Double] { LinearAlgebra.inverse(factor, dimension) }

    /// diag(Σ), read off the full inverse (O(p³); for summaries, not the per-batch path).
    public var variance: [Double] {
        let p = dimension
        let sigma = covariance
        return (0..<p).map { sigma[$0 * p + $0] }
    }

    /// log det P.
    public var logDeterminant: Double { LinearAlgebra.logDeterminant(factor, dimension) }

    /// H(q) = ½ p log(2πe) − ½ log det P.
    public var entropy: Double {
        0.5 * Double(dimension) * Double.log(2 * .pi * Double.exp(1)) - 0.5 * logDeterminant
    }

    /// φₐᵀ P⁻¹ φ_b = (L⁻¹φₐ)·(L⁻¹φ_b) within each group of `size` consecutive vectors φ (each of length p):
    /// the `size` × `size` covariance of each group, groups one after the other.
    func crossForms(_ phi: [Double], groups: Int, size: Int) -> [Double] {
        let p = dimension
        var z = phi
        LinearAlgebra.triangularSolve(factor, p, &z, columns: groups * size)
        var out = [Double](repeating: 0, count: groups * size * size)
        for g in 0..<groups {
            for a in 0..<size {
                for b in a..<size {
                    var s = 0.0
                    let za = (g * size + a) * p
                    let zb = (g * size + b) * p
                    for j in 0..<p { s += z[za + j] * z[zb + j] }
                    out[(g * size + a) * size + b] = s
                    out[(g * size + b) * size + a] = s
                }
            }
        }
        return out
    }
}

extension FullGaussian {
    /// m + L⁻ᵀε for each standard-normal column ε of `noise` (p × columns, column-major).
    func samples(fromStandardNormal noise: [Double], columns: Int) -> [Double] {
        var z = noise
        LinearAlgebra.transposedTriangularSolve(factor, dimension, &z, columns: columns)
        for c in 0..<columns { for j in 0..<dimension { z[c * dimension + j] += mean[j] } }
        return z
    }
}
