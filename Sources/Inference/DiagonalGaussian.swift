import RealModule

/// A Gaussian N(m, diag(1/s)) in mean–precision form: the mean-field posterior of the diagonal rules.
///
/// Its natural parameters are (s ⊙ m, −s/2); forgetting mixes them linearly (see `Forgetting`).
public struct DiagonalGaussian: Sendable, Equatable {
    /// m, the posterior mean.
    public var mean: [Double]
    /// s, the posterior precision of each coordinate (all > 0).
    public var precision: [Double]

    public init(mean: [Double], precision: [Double]) {
        precondition(mean.count == precision.count)
        self.mean = mean
        self.precision = precision
    }

    /// N(m, I/λ).
    public init(mean: [Double], priorPrecision lambda: Double) {
        self.init(mean: mean, precision: [Double](repeating: lambda, count: mean.count))
    }

    public var dimension: Int { mean.count }

    /// σ² = 1/s.
    public var variance: [Double] { precision.map { 1 / $0 } }

    /// H(q) = ½ Σ log(2πe/sⱼ).
    public var entropy: Double {
        precision.reduce(0) { $0 + 0.5 * Double.log(2 * .pi * Double.exp(1) / $1) }
    }
}
