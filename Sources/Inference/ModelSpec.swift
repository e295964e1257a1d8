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
    /// Standardise features online (running mean and variance of the data seen so far); with a learned noise
    /// variance, the target too.
    public var standardize: Bool
    /// The prior of a learned noise variance (Normal–inverse-Gamma, conjugate rule only); nil: the gaussian
    /// likelihood's noise variance is fixed.
    public var noise: NoisePrior?
    public var hyperparameters: Hyperparameters

    /// - Parameter standardize: default true for every posterior form. Diagonal IVON/VOGN diverge on raw, badly
    ///   scaled features; a full posterior is re-expressed exactly when the statistics move (`Reexpression`), so
    ///   for it standardising only states the prior N(0, I/λ) on a scale-free footing.
    public init(
        features: Int, likelihood: Likelihood, network: Network = .linear(bias: true),
        posterior: PosteriorForm = .full, rule: Rule = .laplace, priorPrecision: Double = 1, forgetting: Double = 1,
        standardize: Bool = true, noise: NoisePrior? = nil, hyperparameters: Hyperparameters? = nil
    ) {
        self.features = features
        self.likelihood = likelihood
        self.network = network
        self.posterior = posterior
        self.rule = rule
        self.priorPrecision = priorPrecision
        self.forgetting = forgetting
        self.standardize = standardize
        self.noise = noise
        self.hyperparameters =
            hyperparameters ?? .defaults(for: rule, network: network, posterior: posterior, likelihood: likelihood)
    }

    /// The parameterised part of the network: for random features the linear readout on their D outputs.
    public var architecture: Architecture {
        if case .rff(let width, _, let bias) = network {
            return Architecture(inputs: features + width, outputs: likelihood.outputs, network: .linear(bias: bias))
        }
        return Architecture(inputs: features, outputs: likelihood.outputs, network: network)
    }

    /// The fixed random feature map of an `rff` network.
    var featureMap: RandomFourierFeatures? {
        guard case .rff(let width, let lengthscale, _) = network else { return nil }
        return RandomFourierFeatures(
            inputs: features, width: width, lengthscale: lengthscale, seed: hyperparameters.seed)
    }

    /// The posterior can be re-expressed exactly when the feature statistics move: a full Gaussian on a linear
    /// network (random features feed a nonlinearity; a diagonal cannot hold the induced correlations).
    var reexpressesOnline: Bool { standardize && posterior != .diagonal && network.isLinear }

    /// Refuses combinations the rules cannot run, with a message that names the fix.
    public func validate() throws {
        guard features >= 1 else { throw InferenceError.shapeMismatch("features must be at least 1, got \(features)") }
        guard priorPrecision > 0, priorPrecision.isFinite else {
            throw InferenceError.invalidHyperparameter(
                name: "prior_precision", value: "\(priorPrecision)", reason: "must be positive and finite")
        }
        guard forgetting > 0, forgetting <= 1 else {
            throw InferenceError.invalidHyperparameter(
                name: "forgetting", value: "\(forgetting)", reason: "must be in (0, 1]")
        }
        switch likelihood {
        case .gaussian(let s2):
            guard s2 > 0, s2.isFinite else {
                throw InferenceError.invalidHyperparameter(
                    name: "noise_variance", value: "\(s2)", reason: "must be positive and finite")
            }
        case .categorical(let k):
            guard k >= 2 else {
                throw InferenceError.invalidHyperparameter(name: "classes", value: "\(k)", reason: "must be at least 2")
            }
        default: break
        }
        if case .rff(let width, let lengthscale, _) = network {
            guard width >= 1 else {
                throw InferenceError.invalidHyperparameter(
                    name: "width", value: "\(width)", reason: "must be at least 1")
            }
            guard lengthscale > 0, lengthscale.isFinite else {
                throw InferenceError.invalidHyperparameter(
                    name: "lengthscale", value: "\(lengthscale)", reason: "must be positive and finite")
            }
        }
        if let noise {
            guard case .gaussian = likelihood, rule == .conjugate else {
                throw InferenceError.unsupported(
                    "a learned noise variance needs likelihood gaussian and rule conjugate (or set noise_variance)")
            }
            try noise.validate()
        }
        if case .mlp(let hidden, _, _) = network {
            guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 }) else {
                throw InferenceError.invalidHyperparameter(
                    name: "hidden", value: "\(hidden)", reason: "needs at least one layer of width ≥ 1")
            }
            guard posterior == .diagonal else {
                throw InferenceError.unsupported("an MLP needs posterior = \"diagonal\" (rule vogn or ivon)")
            }
        }
        switch rule {
        case .conjugate:
            guard case .gaussian = likelihood, network.hasLinearReadout, posterior == .full else {
                throw InferenceError.unsupported(
                    "rule conjugate needs likelihood gaussian, network linear or rff and posterior full")
            }
        case .laplace:
            guard network.hasLinearReadout else {
                throw InferenceError.unsupported(
                    "rule laplace needs network linear or rff (use vogn or ivon for an MLP)")
            }
        case .vogn, .ivon:
            guard posterior == .diagonal else {
                throw InferenceError.unsupported(
                    "rule \(rule.rawValue) needs posterior diagonal (use laplace or conjugate for full)")
            }
        }
        if posterior == .block {
            guard rule == .laplace, network.hasLinearReadout, case .categorical = likelihood else {
                throw InferenceError.unsupported(
                    "posterior block needs likelihood categorical, rule laplace and network linear or rff")
            }
        }
        try hyperparameters.validate()
    }
}
