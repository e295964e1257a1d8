/// Which Bayesian-learning-rule special case updates a model (Khan & Rue 2023, Table 1).
public enum Rule: String, Sendable, Hashable, CaseIterable {
    /// Exact conjugate Bayes for a Gaussian likelihood on a linear model, full covariance (ρ = 1).
    case conjugate
    /// Online Newton / Laplace: the mode of log-likelihood + log previous posterior, precision += Hessian.
    case laplace
    /// Variational online Gauss–Newton, diagonal, with Monte-Carlo weight samples.
    case vogn
    /// Improved variational online Newton (Shen et al., ICML 2024), diagonal.
    case ivon
}

/// The covariance structure of the posterior.
public enum PosteriorForm: String, Sendable, Hashable, CaseIterable {
    case full, diagonal
    /// One full block per output of a linear readout (classes of a softmax), independent across outputs.
    case block
}
