/// Why the inference core refused a batch, a configuration or a stored state.
///
/// Every throwing entry point of `Inference` leaves its inputs untouched when it throws: a refused update
/// never changes the posterior it was asked to update.
public enum InferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Array sizes disagree with the declared shape.
    case shapeMismatch(String)
    /// A feature or label is NaN or infinite.
    case nonFiniteInput(String)
    /// A label is not valid for the likelihood (class out of range, negative count, …).
    case invalidLabel(index: Int, value: Double, reason: String)
    /// The update produced NaN/inf or a precision that is not positive: refused, the posterior is unchanged.
    case nonFiniteResult(String)
    /// A precision matrix lost positive definiteness (Cholesky failed).
    case notPositiveDefinite(String)
    /// The rule cannot run on this combination of likelihood, network and posterior.
    case unsupported(String)
    /// A hyperparameter is outside its domain.
    case invalidHyperparameter(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let what): return "shape mismatch: \(what)"
        case .nonFiniteInput(let what): return "non-finite input: \(what)"
        case .invalidLabel(let index, let value, let reason): return "invalid label \(value) at row \(index): \(reason)"
        case .nonFiniteResult(let what): return "update refused, it produced non-finite numbers: \(what)"
        case .notPositiveDefinite(let what): return "precision is not positive definite: \(what)"
        case .unsupported(let what): return "unsupported: \(what)"
        case .invalidHyperparameter(let name, let value, let reason): return "\(name) = \(value): \(reason)"
        }
    }
}
