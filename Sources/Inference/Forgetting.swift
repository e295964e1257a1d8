/// Exponential forgetting towards the base prior by mixing natural parameters:
/// P ← αP + (1−α)P₀ and P·m ← α·P·m + (1−α)·P₀·m₀ (here m₀ = 0).
///
/// Applied before each batch, it makes the posterior after batches 1…T equal the batch posterior in which
/// batch t's likelihood is raised to α^(T−t): η_T = η₀ + Σₜ α^(T−t) λₜ, because αᵀ + (1−α)Σₖ αᵏ = 1.
///
/// References: Kurle et al., "Continual learning with Bayesian neural networks for non-stationary data",
/// ICLR 2020 (Bayesian forgetting); Khan & Rue 2023, §5.4.
enum Forgetting {
    static func apply(_ alpha: Double, to posterior: Posterior, priorPrecision lambda: Double) throws -> Posterior {
        guard alpha < 1 else { return posterior }
        switch posterior {
        case .diagonal(var q):
            for j in 0..<q.dimension {
                let s = alpha * q.precision[j] + (1 - alpha) * lambda
                q.mean[j] = alpha * q.precision[j] * q.mean[j] / s
                q.precision[j] = s
            }
            return .diagonal(q)
        case .full(let q):
            return .full(try forget(q, alpha, lambda))
        case .block(var q):
            for k in q.blocks.indices { q.blocks[k] = try forget(q.blocks[k], alpha, lambda) }
            return .block(q)
        }
    }

    static func forget(_ q: FullGaussian, _ alpha: Double, _ lambda: Double) throws -> FullGaussian {
        let p = q.dimension
        var precision = q.precision.map { $0 * alpha }
        for i in 0..<p { precision[i * p + i] += (1 - alpha) * lambda }
        return try FullGaussian(precision: precision, precisionMean: q.precisionMean.map { $0 * alpha })
    }
}
