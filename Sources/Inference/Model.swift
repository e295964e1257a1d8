import RealModule

/// A model that learns online by the Bayesian learning rule: its spec, its posterior q(θ) and everything else
/// an update depends on (optimiser state, random-number state, feature statistics). A value type: an update
/// either succeeds and replaces the whole state, or throws and leaves it exactly as it was.
public struct Model: Sendable, Equatable {
    public let spec: ModelSpec
    public internal(set) var posterior: Posterior
    public internal(set) var optimizer: VariationalState
    public internal(set) var rng: Xoshiro256
    public internal(set) var scaler: FeatureScaler?
    /// Labelled batches and examples absorbed so far.
    public internal(set) var batchesSeen: Int
    public internal(set) var examplesSeen: Int

    /// A model at its prior: N(0, I/λ₀) for linear networks; for an MLP the mean starts at a seeded
    /// LeCun-normal draw (a zero mean is a saddle point) while the prior stays centred at 0.
    public init(spec: ModelSpec) throws {
        try spec.validate()
        _ = LinearAlgebra.singleThreaded
        self.spec = spec
        let architecture = spec.architecture
        let p = architecture.parameterCount
        var rng = Xoshiro256(seed: spec.hyperparameters.seed)
        var mean = [Double](repeating: 0, count: p)
        if !spec.network.isLinear {
            rng.fillStandardNormal(&mean)
            let widths = architecture.widths
            for (l, offset) in architecture.layerOffsets.enumerated() {
                let scale = 1 / Double.sqrt(Double(widths[l]))
                for j in offset.weight..<(offset.weight + widths[l] * widths[l + 1]) { mean[j] *= scale }
                if let b = offset.bias { for j in b..<(b + widths[l + 1]) { mean[j] = 0 } }
            }
        }
        switch spec.posterior {
        case .full: posterior = .full(FullGaussian(mean: mean, priorPrecision: spec.priorPrecision))
        case .diagonal: posterior = .diagonal(DiagonalGaussian(mean: mean, priorPrecision: spec.priorPrecision))
        }
        switch spec.rule {
        case .ivon, .vogn:
            optimizer = VariationalState(
                hessian: [Double](repeating: spec.hyperparameters.hessInit, count: p),
                momentum: [Double](repeating: 0, count: p), step: 0)
        case .conjugate, .laplace:
            optimizer = .empty
        }
        self.rng = rng
        scaler = spec.standardize ? FeatureScaler(features: spec.features) : nil
        batchesSeen = 0
        examplesSeen = 0
    }

    /// The base prior N(0, I/λ₀) that forgetting mixes towards and KL is measured from.
    public var basePrior: Posterior {
        let p = spec.architecture.parameterCount
        let zero = [Double](repeating: 0, count: p)
        switch spec.posterior {
        case .full: return .full(FullGaussian(mean: zero, priorPrecision: spec.priorPrecision))
        case .diagonal: return .diagonal(DiagonalGaussian(mean: zero, priorPrecision: spec.priorPrecision))
        }
    }

    /// Absorbs a labelled batch with the current posterior as the prior: forgetting (α from the argument,
    /// else the spec's), then the rule's update. Throws, leaving the model untouched, on a batch of the wrong
    /// shape, without labels, with invalid labels, or when the update would produce non-finite numbers.
    public mutating func update(with batch: Batch, forgetting: Double? = nil) throws {
        self = try updated(with: batch, forgetting: forgetting)
    }

    /// The model after absorbing `batch`; `self` is never changed.
    public func updated(with batch: Batch, forgetting: Double? = nil) throws -> Model {
        guard batch.features == spec.features else {
            throw InferenceError.shapeMismatch("batch has \(batch.features) features, the model expects \(spec.features)")
        }
        guard let y = batch.y else { throw InferenceError.unsupported("an unlabelled batch can be predicted, not learned from") }
        try spec.likelihood.validate(labels: y)
        let alpha = forgetting ?? spec.forgetting
        guard alpha > 0, alpha <= 1 else {
            throw InferenceError.invalidHyperparameter(name: "forgetting", value: "\(alpha)", reason: "must be in (0, 1]")
        }
        guard batch.count > 0 else { return self }

        var next = self
        let n = batch.count
        var x = batch.x
        if var scaler = next.scaler {
            scaler.observe(x, count: n)
            x = scaler.transform(x, count: n)
            next.scaler = scaler
        }
        let prior = try Forgetting.apply(alpha, to: posterior, priorPrecision: spec.priorPrecision)
        let architecture = spec.architecture
        let hp = spec.hyperparameters
        switch (spec.rule, prior) {
        case (.conjugate, .full(let q)):
            guard case .gaussian(let s2) = spec.likelihood else { throw InferenceError.unsupported("conjugate needs gaussian") }
            let design = DesignMatrix(x, count: n, features: spec.features, bias: spec.network.hasBias)
            next.posterior = .full(try ConjugateRule.update(q, design: design, y: y, noiseVariance: s2))
        case (.laplace, _):
            next.posterior = try LaplaceRule.update(
                prior, architecture: architecture, x: x, y: y, likelihood: spec.likelihood,
                iterations: hp.newtonIterations, tolerance: hp.newtonTolerance)
        case (.ivon, .diagonal(let q)), (.vogn, .diagonal(let q)):
            let (posterior, state) = try VariationalRule.update(
                q, state: optimizer, rng: &next.rng, architecture: architecture, x: x, y: y,
                likelihood: spec.likelihood, hyperparameters: hp,
                curvature: spec.rule == .ivon ? .reparameterized : .gaussNewton)
            next.posterior = .diagonal(posterior)
            next.optimizer = state
        default:
            throw InferenceError.unsupported("rule \(spec.rule.rawValue) with a \(prior.family) posterior")
        }
        guard next.posterior.isValid, next.optimizer.isFinite else {
            throw InferenceError.nonFiniteResult("rule \(spec.rule.rawValue) on a batch of \(n)")
        }
        next.batchesSeen += 1
        next.examplesSeen += n
        return next
    }

    /// Replaces the posterior (restore from a snapshot, or a controller's reset), keeping the spec.
    public mutating func reset() throws {
        self = try Model(spec: spec)
    }
}
