import RealModule

/// The posterior q(θ) a model holds: a Gaussian with full or diagonal covariance.
public enum Posterior: Sendable, Equatable {
    case full(FullGaussian)
    case diagonal(DiagonalGaussian)
    /// One full block per output of a linear readout (`BlockGaussian`).
    case block(BlockGaussian)

    public var mean: [Double] {
        switch self {
        case .full(let q): return q.mean
        case .diagonal(let q): return q.mean
        case .block(let q): return q.mean
        }
    }

    /// Marginal variances diag(Σ).
    public var variance: [Double] {
        switch self {
        case .full(let q): return q.variance
        case .diagonal(let q): return q.variance
        case .block(let q): return q.variance
        }
    }

    public var dimension: Int { mean.count }

    public var entropy: Double {
        switch self {
        case .full(let q): return q.entropy
        case .diagonal(let q): return q.entropy
        case .block(let q): return q.entropy
        }
    }

    /// `gaussian-full`, `gaussian-diagonal` or `gaussian-block` (docs/PROTOCOL.md §2 `family`; block is an extension).
    public var family: String {
        switch self {
        case .full: return "gaussian-full"
        case .diagonal: return "gaussian-diagonal"
        case .block: return "gaussian-block"
        }
    }

    /// The precision as published: p × p for full, p for diagonal, the K blocks of (d + 1)² one after the other
    /// (block k over [weight row k, bias k]) for block.
    public var publishedPrecision: [Double] {
        switch self {
        case .full(let q): return q.precision
        case .diagonal(let q): return q.precision
        case .block(let q): return q.blocks.flatMap(\.precision)
        }
    }

    /// m + Σ^½ε for a standard-normal ε (p values): a draw from q.
    func sample(fromStandardNormal noise: [Double]) -> [Double] {
        switch self {
        case .diagonal(let q): return (0..<q.dimension).map { q.mean[$0] + noise[$0] / Double.sqrt(q.precision[$0]) }
        case .full(let q): return q.samples(fromStandardNormal: noise, columns: 1)
        case .block(let q):
            let size = q.size
            return q.layout { k in
                q.blocks[k].samples(fromStandardNormal: Array(noise[(k * size)..<((k + 1) * size)]), columns: 1)
            }
        }
    }

    /// Every number is finite and every precision positive.
    var isValid: Bool {
        switch self {
        case .full(let q): return q.mean.allSatisfy(\.isFinite) && q.precision.allSatisfy(\.isFinite)
        case .diagonal(let q):
            return q.mean.allSatisfy(\.isFinite) && q.precision.allSatisfy { $0.isFinite && $0 > 0 }
        case .block(let q):
            return q.blocks.allSatisfy { Posterior.full($0).isValid }
        }
    }
}
