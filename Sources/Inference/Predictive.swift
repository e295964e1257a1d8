/// A predictive distribution for n examples (docs/PROTOCOL.md §2 `pred/` kinds).
public enum Predictive: Sendable, Equatable {
    /// y with this mean and variance per example (variance includes the noise): Gaussian, or Student-t with
    /// `dof` degrees of freedom when the noise variance is learned (a Normal–inverse-Gamma posterior).
    case gaussian(mean: [Double], variance: [Double], dof: Double? = nil)
    /// P (n × K, row-major); binary tasks have K = 2 with column 1 = P(y = 1).
    case probabilities([Double], classes: Int)
    /// Predictive mean (rate) and variance of a count.
    case poisson(rate: [Double], variance: [Double])

    /// `gaussian`, `probs` or `poisson`.
    public var kind: String {
        switch self {
        case .gaussian: return "gaussian"
        case .probabilities: return "probs"
        case .poisson: return "poisson"
        }
    }

    /// Every number is finite.
    public var isFinite: Bool {
        switch self {
        case .gaussian(let mean, let variance, _): return mean.allSatisfy(\.isFinite) && variance.allSatisfy(\.isFinite)
        case .probabilities(let p, _): return p.allSatisfy(\.isFinite)
        case .poisson(let rate, let variance): return rate.allSatisfy(\.isFinite) && variance.allSatisfy(\.isFinite)
        }
    }

    public var count: Int {
        switch self {
        case .gaussian(let mean, _, _): return mean.count
        case .probabilities(let p, let k): return p.count / k
        case .poisson(let rate, _): return rate.count
        }
    }
}

/// How a predictive distribution is computed.
public enum PredictiveMethod: Sendable, Hashable {
    /// Closed forms for linear networks (Gaussian: exact, Student-t for a learned noise; Bernoulli: probit
    /// approximation; categorical: Gumbel-max quadrature; Poisson: log-normal moments) and Monte Carlo for MLPs.
    case automatic
    /// Average over `samples` draws θ ~ q.
    case monteCarlo(samples: Int, seed: UInt64)
}
