/// The same linear function written in new standardisation coordinates.
///
/// A linear network on standardised inputs zⱼ = (xⱼ − μⱼ)/sⱼ computes fₖ = Σⱼ wₖⱼ zⱼ + bₖ. When the running
/// statistics move to (μ′, s′), the function is unchanged under
///
///     w′ₖⱼ = r·Dⱼ·wₖⱼ,   b′ₖ = r·(bₖ + Σⱼ cⱼ wₖⱼ) + c_y,   Dⱼ = s′ⱼ/sⱼ,  cⱼ = (μ′ⱼ − μⱼ)/sⱼ,
///
/// and, for a standardised target t = (y − μ_y)/s_y, r = s_y/s′_y and c_y = (μ_y − μ′_y)/s′_y (r = 1, c_y = 0
/// otherwise). With θ′ = r·Tθ + c, a Gaussian q(θ) = N(m, P⁻¹) becomes N(r·Tm + c, r²·TP⁻¹Tᵀ) exactly. Only the
/// Normal–inverse-Gamma posterior has a standardised target (r ≠ 1); its noise scales with the target, σ′² = r²σ²,
/// so w | σ² ~ N(m, σ²P⁻¹) keeps P′ = T⁻ᵀPT⁻¹ (the r² is carried by σ²: β′ = r²β).
///
/// This lets a full posterior standardise online (BLR_REFERENCE: "a full-covariance posterior can be
/// re-expressed exactly when the statistics move"): the likelihood terms already absorbed keep their exact
/// meaning, and only the prior and forgetting target are stated in the current coordinates.
///
/// References: the change of variables of a Gaussian (Bishop, PRML 2006, §2.3.3); Gelman et al., "A weakly
/// informative default prior distribution for logistic and other regression models", Ann. Appl. Stat. 2008
/// (priors stated on standardised inputs).
struct Reexpression {
    /// Dⱼ = s′ⱼ/sⱼ per input.
    let ratio: [Double]
    /// cⱼ = (μ′ⱼ − μⱼ)/sⱼ per input.
    let shift: [Double]
    /// r = s_y/s′_y.
    let targetRatio: Double
    /// c_y = (μ_y − μ′_y)/s′_y.
    let targetShift: Double

    init(from old: FeatureScaler, to new: FeatureScaler) {
        let (s, s2) = (old.scale, new.scale)
        let (m, m2) = (old.mean, new.mean)
        ratio = (0..<s.count).map { s2[$0] / s[$0] }
        shift = (0..<s.count).map { (m2[$0] - m[$0]) / s[$0] }
        targetRatio = 1
        targetShift = 0
    }

    /// Nothing moves on the inputs (random features: their map is fixed; only the target may be re-expressed).
    init(identity inputs: Int) {
        ratio = [Double](repeating: 1, count: inputs)
        shift = [Double](repeating: 0, count: inputs)
        targetRatio = 1
        targetShift = 0
    }

    init(_ inputs: Reexpression, target old: FeatureScaler, _ new: FeatureScaler, centered: Bool) {
        ratio = inputs.ratio
        shift = inputs.shift
        targetRatio = old.scale[0] / new.scale[0]
        targetShift = centered ? (old.mean[0] - new.mean[0]) / new.scale[0] : 0
    }

    /// True when nothing moves (the first statistics, or a repeat of the same data).
    var isIdentity: Bool {
        targetRatio == 1 && targetShift == 0 && ratio.allSatisfy { $0 == 1 } && shift.allSatisfy { $0 == 0 }
    }

    /// q(θ) in the new coordinates, for a linear network with `outputs` outputs over `ratio.count` inputs
    /// (layout weight [K, d] then bias [K]). A target moves only with a learned noise, whose precision is that of
    /// w | σ², so r never enters the precision (σ² carries it). Without a bias the shift of the means has nowhere to go and is left out: exact for
    /// the scales only (the inputs are still centred, as they always were, so a state keeps its meaning).
    func apply(to q: FullGaussian, outputs k: Int, bias: Bool) throws -> FullGaussian {
        let d = ratio.count
        let p = q.dimension
        precondition(p == k * d + (bias ? k : 0), "re-expression of a posterior with another layout")
        let r = targetRatio
        @inline(__always) func biasIndex(_ out: Int) -> Int { k * d + out }
        // m′ = r·Tm + c
        var mean = q.mean
        for out in 0..<k {
            var shifted = bias ? mean[biasIndex(out)] : 0
            for j in 0..<d {
                let w = q.mean[out * d + j]
                shifted += shift[j] * w
                mean[out * d + j] = r * ratio[j] * w
            }
            if bias { mean[biasIndex(out)] = r * shifted + targetShift }
        }
        if ratio.allSatisfy({ $0 == 1 }) && shift.allSatisfy({ $0 == 0 }) {
            return q.withMean(mean)  // only the target moved: T = I, the precision is unchanged
        }
        // P′ = U ᵀ P U with U = T⁻¹: (PU)[:, (k, j)] = (P[:, (k, j)] − cⱼ·P[:, bias k])/Dⱼ, bias columns unchanged;
        // then the same on the rows.
        var precision = q.precision
        for i in 0..<p {
            for out in 0..<k {
                let b = bias ? precision[i * p + biasIndex(out)] : 0
                for j in 0..<d {
                    let a = out * d + j
                    precision[i * p + a] = (precision[i * p + a] - shift[j] * b) / ratio[j]
                }
            }
        }
        for out in 0..<k {
            for j in 0..<d {
                let a = out * d + j
                for c in 0..<p {
                    let b = bias ? precision[biasIndex(out) * p + c] : 0
                    precision[a * p + c] = (precision[a * p + c] - shift[j] * b) / ratio[j]
                }
            }
        }
        // The two passes round the mirrored entries in different orders: keep P′ exactly symmetric.
        precision.withUnsafeMutableBufferPointer { LinearAlgebra.symmetrizeFromUpper(p, $0.baseAddress!) }
        return try FullGaussian(mean: mean, precision: precision)
    }
}
