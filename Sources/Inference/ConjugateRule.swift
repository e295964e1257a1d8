/// Exact Bayesian linear regression, the BLR with ρ = 1 on a conjugate model (Khan & Rue 2023, §3.1).
///
/// Known noise variance σ²: P ← P + X̃ᵀX̃/σ², P·m ← P·m + X̃ᵀy/σ², m = P⁻¹(P·m) (Bishop, PRML 2006, eq. 3.50–3.51).
///
/// Learned noise variance, Normal–inverse-Gamma w | σ² ~ N(m, σ²P⁻¹), σ² ~ IG(a, β):
///
///     Pₙ = P + X̃ᵀX̃,  Pₙmₙ = Pm + X̃ᵀy,  aₙ = a + n/2,  βₙ = β + ½(yᵀy + mᵀPm − mₙᵀPₙmₙ)
///
/// (Bishop, PRML, exercise 3.12; Murphy, "Conjugate Bayesian analysis of the Gaussian distribution", 2007,
/// eq. 93–96). Both are exact for any batching: sequential updates equal the batch posterior.
enum ConjugateRule {
    static func update(_ q: FullGaussian, design: DesignMatrix, y: [Double], noiseVariance s2: Double) throws
        -> FullGaussian
    {
        try FullGaussian(
            precision: addedGram(q.precision, design, 1 / s2),
            precisionMean: addedProjection(q.precisionMean, design, y, 1 / s2))
    }

    static func update(
        _ q: FullGaussian, noise: NoisePosterior, design: DesignMatrix, y: [Double]
    ) throws -> (FullGaussian, NoisePosterior) {
        let next = try FullGaussian(
            precision: addedGram(q.precision, design, 1), precisionMean: addedProjection(q.precisionMean, design, y, 1))
        var yy = 0.0
        for v in y { yy += v * v }
        let before = zip(q.mean, q.precisionMean).reduce(0) { $0 + $1.0 * $1.1 }  // mᵀPm
        let after = zip(next.mean, next.precisionMean).reduce(0) { $0 + $1.0 * $1.1 }
        // ≥ 0 in exact arithmetic (the residual sum of squares of the regularised fit); rounding may leave −ε.
        let increment = max(0.5 * (yy + before - after), 0)
        return (next, NoisePosterior(shape: noise.shape + 0.5 * Double(y.count), rate: noise.rate + increment))
    }

    /// The update run backwards: the posterior that, updated with (design, y), gives `q`. Known noise:
    /// P′ = P − X̃ᵀX̃/σ², P′m′ = Pm − X̃ᵀy/σ² — a rank-n downdate of the natural parameters (Khan & Rue 2023,
    /// eq. 7: the sites of a conjugate model add). Throws when P′ is not positive definite (the rows were not
    /// in q at full weight).
    static func downdate(_ q: FullGaussian, design: DesignMatrix, y: [Double], noiseVariance s2: Double) throws
        -> FullGaussian
    {
        try FullGaussian(
            precision: addedGram(q.precision, design, -1 / s2),
            precisionMean: addedProjection(q.precisionMean, design, y, -1 / s2))
    }

    /// Normal–inverse-Gamma backwards: P′ = P − X̃ᵀX̃, P′m′ = Pm − X̃ᵀy, a′ = a − n/2 and, from the forward
    /// βₙ = β + ½(yᵀy + mᵀPm − mₙᵀPₙmₙ), β′ = β − ½(yᵀy + m′ᵀP′m′ − mᵀPm).
    static func downdate(
        _ q: FullGaussian, noise: NoisePosterior, design: DesignMatrix, y: [Double]
    ) throws -> (FullGaussian, NoisePosterior) {
        let before = try FullGaussian(
            precision: addedGram(q.precision, design, -1),
            precisionMean: addedProjection(q.precisionMean, design, y, -1))
        var yy = 0.0
        for v in y { yy += v * v }
        let old = zip(before.mean, before.precisionMean).reduce(0) { $0 + $1.0 * $1.1 }  // m′ᵀP′m′
        let new = zip(q.mean, q.precisionMean).reduce(0) { $0 + $1.0 * $1.1 }
        let noise = NoisePosterior(
            shape: noise.shape - 0.5 * Double(y.count), rate: noise.rate - 0.5 * (yy + old - new))
        guard noise.isValid else {
            throw InferenceError.notPositiveDefinite(
                "the noise posterior without these rows (a = \(noise.shape), β = \(noise.rate))")
        }
        return (before, noise)
    }

    /// P + c·X̃ᵀX̃.
    private static func addedGram(_ precision: [Double], _ design: DesignMatrix, _ c: Double) -> [Double] {
        var out = precision
        design.values.withUnsafeBufferPointer {
            LinearAlgebra.addGram(design.columns, design.rows, c, $0.baseAddress!, &out)
        }
        return out
    }

    /// b + c·X̃ᵀy.
    private static func addedProjection(_ b: [Double], _ design: DesignMatrix, _ y: [Double], _ c: Double) -> [Double] {
        var out = b
        design.values.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { yp in
                out.withUnsafeMutableBufferPointer { bp in
                    LinearAlgebra.gemvT(
                        design.rows, design.columns, c, x.baseAddress!, yp.baseAddress!, 1, bp.baseAddress!)
                }
            }
        }
        return out
    }
}
