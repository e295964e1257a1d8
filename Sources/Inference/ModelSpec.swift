/// Everything that defines a model's shape and rule: likelihood, network, posterior form, rule, prior,
/// forgetting and hyperparameters. Two models with equal specs have compatible states.
public struct ModelSpec: Sendable, Hashable {
    public var features: Int
    public var likelihood: Likelihood
    public var network: Network
    public var posterior: PosteriorForm
    public var rule: Rule
    /// λ₀ of the base prior N(0, I/λ₀).
    public var priorPrecision: Double
    /// Fixed forgetting factor α ∈ (0, 1]; 1 = none. A controller may pass a per-batch α instead.
    public var forgetting: Double
    /// Standardise features online (running mean and variance of the data seen so far).
    public var standardize: Bool
    public var hyperparameters: Hyperparameters

    /// - Parameter standardize: defaults to true for diagonal posteriors (diagonal IVON/VOGN diverge on raw,
    ///   badly scaled features) and false for full ones, whose curvature absorbs the scale exactly.
    public init(
        features: Int, likelihood: Likelihood, network: Network = .linear(bias: true),
        posterior: PosteriorForm = .full, rule: Rule = .laplace, priorPrecision: Double = 1, forgetting: Double = 1,
        standardize: Bool? = nil, hyperparameters: Hyperparameters? = nil
    ) {
        self.features = features
        self.likelihood = likelihood
        self.network = network
        self.posterior = posterior
        self.rule = rule
        self.priorPrecision = priorPrecision
        self.forgetting = forgetting
        self.standardize = standardize ?? (posterior == .diagonal)
        self.hyperparameters =
            hyperparameters ?? .defaults(for: rule, network: network, posterior: posterior, likelihood: likelihood)
    }

    public var architecture: Architecture {
        Architecture(inputs: features, outputs: likelihood.outputs, network: network)
    }

    /// Refuses combinations the rules cannot run, with a message that names the fix.
    public func validate() throws {
        guard features >= 1 else { throw InferenceError.shapeMismatch("features must be at least 1, got \(features)") }
        guard priorPrecision > 0, priorPrecision.isFinite else {
            throw InferenceError.invalidHyperparameter(name: "prior_precision", value: "\(priorPrecision)", reason: "must be positive and finite")
        }
        guard forgetting > 0, forgetting <= 1 else {
            throw InferenceError.invalidHyperparameter(name: "forgetting", value: "\(forgetting)", reason: "must be in (0, 1]")
        }
        switch likelihood {
        case .gaussian(let s2):
            guard s2 > 0, s2.isFinite else {
                throw InferenceError.invalidHyperparameter(name: "noise_variance", value: "\(s2)", reason: "must be positive and finite")
            }
        case .categorical(let k):
            guard k >= 2 else { throw InferenceError.invalidHyperparameter(name: "classes", value: "\(k)", reason: "must be at least 2") }
        default: break
        }
        if case .mlp(let hidden, _, _) = network {
            guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 }) else {
                throw InferenceError.invalidHyperparameter(name: "hidden", value: "\(hidden)", reason: "needs at least one layer of width ≥ 1")
            }
            guard posterior == .diagonal else { throw InferenceError.unsupported("an MLP needs posterior = \"diagonal\" (rule vogn or ivon)") }
        }
        switch rule {
        case .conjugate:
            guard case .gaussian = likelihood, network.isLinear, posterior == .full else {
                throw InferenceError.unsupported("rule conjugate needs likelihood gaussian, network linear and posterior full")
            }
        case .laplace:
            guard network.isLinear else { throw InferenceError.unsupported("rule laplace needs network linear (use vogn or ivon for an MLP)") }
        case .vogn, .ivon:
            guard posterior == .diagonal else {
                throw InferenceError.unsupported("rule \(rule.rawValue) needs posterior diagonal (use laplace or conjugate for full)")
            }
        }
        try hyperparameters.validate()
    }
}
