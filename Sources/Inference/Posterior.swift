import RealModule

/// The posterior q(θ) a model holds: a Gaussian with full or diagonal covariance.
public enum Posterior: Sendable, Equatable {
    case full(FullGaussian)
    case diagonal(DiagonalGaussian)

    public var mean: [Double] {
        switch self {
        case .full(let q): return q.mean
        case .diagonal(let q): return q.mean
        }
    }

    /// Marginal variances diag(Σ).
    public var variance: [Double] {
        switch self {
        case .full(let q): return q.variance
        case .diagonal(let q): return q.variance
        }
    }

    public var dimension: Int { mean.count }

    public var entropy: Double {
        switch self {
        case .full(let q): return q.entropy
        case .diagonal(let q): return q.entropy
        }
    }

    /// `gaussian-full` or `gaussian-diagonal` (CONTRACT §4 `family`).
    public var family: String {
        switch self {
        case .full: return "gaussian-full"
        case .diagonal: return "gaussian-diagonal"
        }
    }

    /// m + Σ^½ε for a standard-normal ε (p values): a draw from q.
    func sample(fromStandardNormal noise: [Double]) -> [Double] {
        switch self {
        case .diagonal(let q): return (0..<q.dimension).map { q.mean[$0] + noise[$0] / Double.sqrt(q.precision[$0]) }
        case .full(let q): return q.samples(fromStandardNormal: noise, columns: 1)
        }
    }

    /// Every number is finite and every precision positive.
    var isValid: Bool {
        switch self {
        case .full(let q): return q.mean.allSatisfy(\.isFinite) && q.precision.allSatisfy(\.isFinite)
        case .diagonal(let q):
            return q.mean.allSatisfy(\.isFinite) && q.precision.allSatisfy { $0.isFinite && $0 > 0 }
        }
    }
}
