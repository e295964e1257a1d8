import RealModule

/// A model that learns online by the Bayesian learning rule: its spec, its posterior q(θ) and everything else
/// an update depends on (optimiser state, random-number state, feature and target statistics, the noise
/// posterior of a Normal–inverse-Gamma regression). A value type: an update either succeeds and replaces the
/// whole state, or throws and leaves it exactly as it was.
public struct Model: Sendable, Equatable {
    public let spec: ModelSpec
    public internal(set) var posterior: Posterior
    /// IG(a, β) on the noise variance when the spec learns it (then `posterior` is w | σ² with precision P per
    /// unit of σ²); nil otherwise.
    public internal(set) var noise: NoisePosterior?
    public internal(set) var optimizer: VariationalState
    public internal(set) var rng: Xoshiro256
    public internal(set) var scaler: FeatureScaler?
    /// Running mean and variance of y (a learned-noise regression standardises its target).
    public internal(set) var targetScaler: FeatureScaler?
    /// Labelled batches and examples absorbed so far.
    public internal(set) var batchesSeen: Int
    public internal(set) var examplesSeen: Int
    /// The spec's random features, drawn once (derived from the spec, so not part of the encoded state).
    let featureMap: RandomFourierFeatures?

    /// A model at its prior: N(0, I/λ) for linear readouts; for an MLP the mean starts at a seeded
    /// LeCun-normal draw (a zero mean is a saddle point) while the prior stays centred at 0.
    public init(spec: ModelSpec) throws {
        try spec.validate()
        _ = LinearAlgebra.singleThreaded
        self.spec = spec
        let architecture = spec.architecture
        let p = architecture.parameterCount
        var rng = Xoshiro256(seed: spec.hyperparameters.seed)
        var mean = [Double](repeating: 0, count: p)
        if !spec.network.hasLinearReadout {
            rng.fillStandardNormal(&mean)
            let widths = architecture.widths
            for (l, offset) in architecture.layerOffsets.enumerated() {
                let scale = 1 / Double.sqrt(Double(widths[l]))
                for j in offset.weight..<(offset.weight + widths[l] * widths[l + 1]) { mean[j] *= scale }
                if let b = offset.bias { for j in b..<(b + widths[l + 1]) { mean[j] = 0 } }
            }
        }
        posterior = Self.prior(spec, mean: mean)
        noise = spec.noise.map(NoisePosterior.init(prior:))
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
        targetScaler = spec.standardize && spec.noise != nil ? FeatureScaler(features: 1) : nil
        featureMap = spec.featureMap
        batchesSeen = 0
        examplesSeen = 0
    }

    /// The base prior N(0, I/λ) that forgetting mixes towards and KL is measured from.
    public var basePrior: Posterior {
        Self.prior(spec, mean: [Double](repeating: 0, count: spec.architecture.parameterCount))
    }

    /// N(mean, I/λ) in the spec's posterior form.
    static func prior(_ spec: ModelSpec, mean: [Double]) -> Posterior {
        switch spec.posterior {
        case .full: return .full(FullGaussian(mean: mean, priorPrecision: spec.priorPrecision))
        case .diagonal: return .diagonal(DiagonalGaussian(mean: mean, priorPrecision: spec.priorPrecision))
        case .block:
            let a = spec.architecture
            return .block(
                BlockGaussian(
                    mean: mean, priorPrecision: spec.priorPrecision, outputs: a.outputs, inputs: a.inputs,
                    bias: a.network.hasBias))
        }
    }

    /// Absorbs a labelled batch with the current posterior as the prior: forgetting (α from the argument, else
    /// the spec's; the noise posterior with `noiseForgetting`, default the same α), then the rule's update.
    /// Throws, leaving the model untouched, on a batch of the wrong shape, without labels, with invalid labels,
    /// or when the update would produce non-finite numbers.
    public mutating func update(with batch: Batch, forgetting: Double? = nil, noiseForgetting: Double? = nil) throws {
        self = try updated(with: batch, forgetting: forgetting, noiseForgetting: noiseForgetting)
    }

    /// The model after absorbing `batch`; `self` is never changed.
    public func updated(with batch: Batch, forgetting: Double? = nil, noiseForgetting: Double? = nil) throws -> Model {
        try updated(with: batch, forgetting: forgetting, noiseForgetting: noiseForgetting, inputs: nil)
    }

    /// - Parameter precomputed: `inputs(batch.x)` of this model as it is (the prediction's), reused by random
    ///   features, whose update maps with the statistics before the batch.
    func updated(with batch: Batch, forgetting: Double?, noiseForgetting: Double?, inputs precomputed: [Double]?) throws
        -> Model
    {
        guard batch.features == spec.features else {
            throw InferenceError.shapeMismatch(
                "batch has \(batch.features) features, the model expects \(spec.features)")
        }
        guard let y = batch.y else {
            throw InferenceError.unsupported("an unlabelled batch can be predicted, not learned from")
        }
        try spec.likelihood.validate(labels: y)
        let alpha = forgetting ?? spec.forgetting
        let noiseAlpha = noiseForgetting ?? alpha
        for (name, a) in [("forgetting", alpha), ("noise forgetting", noiseAlpha)] where !(a > 0 && a <= 1) {
            throw InferenceError.invalidHyperparameter(name: name, value: "\(a)", reason: "must be in (0, 1]")
        }
        guard batch.count > 0 else { return self }

        var next = self
        let n = batch.count
        let centered = spec.network.hasBias
        // New statistics first, then the posterior follows them into the new coordinates (exactly: a full
        // posterior on a linear readout) before this batch's prior is formed; at the prior the prior is simply
        // stated anew. Random features are the exception: they map with the statistics of the data before the
        // batch, as at its prediction, and the statistics take the batch afterwards (so prediction and update
        // share one feature matrix; only the first batch, with no statistics yet, observes first).
        let statisticsFirst = featureMap == nil || (scaler?.count ?? 0) == 0
        var change: Reexpression? = nil
        if let old = scaler, statisticsFirst {
            next.scaler!.observe(batch.x, count: n)
            if spec.reexpressesOnline, examplesSeen > 0 { change = Reexpression(from: old, to: next.scaler!) }
        }
        if let old = targetScaler {
            next.targetScaler!.observe(y, count: n)
            if examplesSeen > 0 {
                let inputs = change ?? Reexpression(identity: spec.architecture.inputs)
                change = Reexpression(inputs, target: old, next.targetScaler!, centered: centered)
            }
        }
        if let change, !change.isIdentity {
            switch posterior {
            case .full(let q):
                next.posterior = .full(
                    try change.apply(
                        to: q, outputs: spec.likelihood.outputs, bias: centered))
                if let noise { next.noise!.rate = noise.rate * change.targetRatio * change.targetRatio }
            case .block(var q):
                // Every block is one output's [wₖ, bₖ]: the one-output re-expression applies to each.
                for k in q.blocks.indices {
                    q.blocks[k] = try change.apply(to: q.blocks[k], outputs: 1, bias: centered)
                }
                next.posterior = .block(q)
            case .diagonal:
                break
            }
        }
        let x = statisticsFirst ? next.inputs(batch.x, count: n) : (precomputed ?? inputs(batch.x, count: n))
        if !statisticsFirst { next.scaler!.observe(batch.x, count: n) }
        let t = next.standardizedTarget(y)
        // An MLP forgets its precision only: the base prior's mean 0 is a saddle point of the network, and mixing
        // the mean towards it on a drift alarm (α = 10⁻⁴) left a dead network to relearn from (linreg_stationary's
        // one false alarm: NLL 1.33 against 1.20 keeping the mean; linreg_switch 1.26 against 1.25; sea_abrupt
        // 0.3444 against 0.3437; 4 seeds, measured with the MLP's step length taken at the mean).
        let prior: Posterior
        if !spec.network.hasLinearReadout, case .diagonal(let q) = next.posterior {
            prior = .diagonal(Forgetting.fade(q, alpha: alpha, priorPrecision: spec.priorPrecision))
        } else {
            prior = try Forgetting.apply(alpha, to: next.posterior, priorPrecision: spec.priorPrecision)
        }
        let architecture = spec.architecture
        let hp = spec.hyperparameters
        switch (spec.rule, prior) {
        case (.conjugate, .full(let q)):
            guard case .gaussian(let s2) = spec.likelihood else {
                throw InferenceError.unsupported("conjugate needs gaussian")
            }
            let design = DesignMatrix(x, count: n, features: architecture.inputs, bias: architecture.network.hasBias)
            if let noise = next.noise, let noisePrior = spec.noise {
                let (q, noise) = try ConjugateRule.update(
                    q, noise: noise.forgetting(noiseAlpha, towards: noisePrior), design: design, y: t)
                next.posterior = .full(q)
                next.noise = noise
            } else {
                next.posterior = .full(try ConjugateRule.update(q, design: design, y: t, noiseVariance: s2))
            }
        case (.laplace, _):  // full, diagonal or block
            next.posterior = try LaplaceRule.update(
                prior, architecture: architecture, x: x, y: t, likelihood: spec.likelihood,
                iterations: hp.newtonIterations, tolerance: hp.newtonTolerance)
        case (.ivon, .diagonal(let q)), (.vogn, .diagonal(let q)):
            let (posterior, state) = try VariationalRule.update(
                Forgetting.fade(q, examples: n, memory: hp.fadingMemory, priorPrecision: spec.priorPrecision),
                state: optimizer, rng: &next.rng, architecture: architecture, x: x, y: t, likelihood: spec.likelihood,
                hyperparameters: hp,
                curvature: spec.rule == .ivon ? .reparameterized : .gaussNewton)
            next.posterior = .diagonal(posterior)
            next.optimizer = state
        default:
            throw InferenceError.unsupported("rule \(spec.rule.rawValue) with a \(prior.family) posterior")
        }
        guard next.posterior.isValid, next.optimizer.isFinite, next.noise?.isValid ?? true,
            next.scaler?.isFinite ?? true, next.targetScaler?.isFinite ?? true
        else {
            throw InferenceError.nonFiniteResult("rule \(spec.rule.rawValue) on a batch of \(n)")
        }
        next.batchesSeen += 1
        next.examplesSeen += n
        return next
    }

    /// The network's inputs for raw rows x (n × d): standardised (with the current statistics), then through the
    /// random features of an `rff` network.
    func inputs(_ x: [Double], count n: Int) -> [Double] {
        let z = scaler.map { $0.transform(x, count: n) } ?? x
        return featureMap.map { $0.map(z, count: n) } ?? z
    }

    /// The target in the model's units: (y − μ_y)/s_y for a learned-noise regression that standardises (y/s_y
    /// without an intercept to absorb the mean), y otherwise.
    func standardizedTarget(_ y: [Double]) -> [Double] {
        guard let target = targetScaler else { return y }
        return target.transform(y, count: y.count, centered: spec.network.hasBias)
    }

    /// The weights' posterior as reported (`model/`, `blrctl`): the posterior itself, or for a learned noise the
    /// Gaussian with the precision of the weights' marginal, P·a/β (a multivariate t with 2a degrees of freedom
    /// and that scale matrix; the posterior keeps P per unit of σ²).
    public var marginalPosterior: Posterior {
        guard let noise, case .full(let q) = posterior else { return posterior }
        // P·f is positive definite when P is, and m = (P·f)⁻¹(b·f) is unchanged.
        return .full(q.scaled(by: 1 / noise.scale))
    }

    /// (offset, scale) mapping the model's target units back to y: y = offset + scale·t.
    public var targetUnits: (offset: Double, scale: Double) {
        guard let target = targetScaler else { return (0, 1) }
        return (spec.network.hasBias ? target.mean[0] : 0, target.scale[0])
    }

    /// Replaces the posterior (restore from a snapshot, or a controller's reset), keeping the spec.
    public mutating func reset() throws {
        self = try Model(spec: spec)
    }
}
