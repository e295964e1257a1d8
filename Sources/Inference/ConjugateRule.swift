/// Exact Bayesian linear regression with known noise variance σ², the BLR with ρ = 1 on a conjugate model:
/// P ← P + X̃ᵀX̃/σ², P·m ← P·m + X̃ᵀy/σ², m = P⁻¹(P·m).
///
/// References: Bishop, PRML (2006), eq. 3.50–3.51; Khan & Rue 2023, §3.1 (conjugate models, ρ = 1).
enum ConjugateRule {
    static func update(_ q: FullGaussian, design: DesignMatrix, y: [Double], noiseVariance s2: Double) throws -> FullGaussian {
        let p = design.columns
        let n = design.rows
        var precision = q.precision
        var b = q.precisionMean
        design.values.withUnsafeBufferPointer { x in
            LinearAlgebra.addGram(p, n, 1 / s2, x.baseAddress!, &precision)
            y.withUnsafeBufferPointer { yp in
                b.withUnsafeMutableBufferPointer { bp in
                    LinearAlgebra.gemvT(n, p, 1 / s2, x.baseAddress!, yp.baseAddress!, 1, bp.baseAddress!)
                }
            }
        }
        return try FullGaussian(precision: precision, precisionMean: b)
    }
}
