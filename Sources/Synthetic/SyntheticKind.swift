import Vocabulary

/// The built-in synthetic streams of `blr-publish --synthetic KIND` (docs/PROTOCOL.md §9).
public enum SyntheticKind: String, Sendable, CaseIterable {
    /// y = x·w + b + N(0, σ²), x ~ N(0, I), w ~ N(0, I) fixed.
    case linear
    /// y ~ Bernoulli(sigmoid(x·w + b)), fixed w.
    case logistic
    /// Linear-Gaussian regression whose weights are redrawn at each drift point.
    case abrupt
    /// Logistic stream whose weights rotate from one concept to the next over `width` examples around each
    /// drift point.
    case gradual
    /// Linear-Gaussian regression alternating between two weight vectors A, B, A, B… at the drift points.
    case recurring
    /// Logistic stream whose class balance shifts (the intercept moves) at the drift points.
    case priorShift = "prior-shift"

    /// The task a daemon stream needs for it.
    public var task: LearningTask {
        switch self {
        case .linear, .abrupt, .recurring: return .regression
        case .logistic, .gradual, .priorShift: return .binary
        }
    }

    public var summary: String {
        switch self {
        case .linear: return "stationary linear-Gaussian regression"
        case .logistic: return "stationary logistic classification"
        case .abrupt: return "linear-Gaussian regression, weights redrawn at each drift point"
        case .gradual: return "logistic classification, weights rotating to a new concept around each drift point"
        case .recurring: return "linear-Gaussian regression alternating between two concepts"
        case .priorShift: return "logistic classification whose class balance shifts at each drift point"
        }
    }
}
