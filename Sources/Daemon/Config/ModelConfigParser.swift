import Inference

/// Reads one `[[model]]` table into a `ModelConfig`, filling the documented defaults and refusing combinations
/// the rules cannot run (the inference core's own validation, with the config's line and key).
///
/// A model that names no `rule` and none of a single rule's keys (`network`, `posterior`, `prior_precision`, …) is
/// `auto` (`Learner.automatic`: a calibrated model average fitted to the task); `rule = "auto"` asks for it by name.
/// A configuration that tunes a rule without naming it keeps meaning that rule.
enum ModelConfigParser {
    /// Keys that tune a single rule: naming one picks a single rule; `rule = "auto"` refuses them rather than
    /// ignore them.
    static let singleRuleKeys = [
        "network", "posterior", "bias", "hidden", "activation", "width", "lengthscale", "prior_precision",
        "standardize", "learning_rate", "ess", "beta1", "beta2", "hess_init", "mc_samples", "clip_radius",
        "newton_iterations", "newton_tolerance", "predictive_samples", "steps", "fading_memory",
    ]

    /// - Parameter sizeLimit: `[daemon] max_model_bytes`, checked before the learner is allocated.
    static func parse(_ reader: TableReader, streams: [StreamConfig], sizeLimit: Int = .max) throws -> ModelConfig {
        var r = reader
        try r.refuseUnknown(KnownKeys.model)
        guard let name = try r.string("name"), !name.isEmpty else {
            throw r.error("name", "every [[model]] needs a name")
        }
        guard !name.contains("/"), !name.contains("@") else { throw r.error("name", "must not contain '/' or '@'") }
        guard let streamName = try r.string("stream") else { throw r.error("stream", "model '\(name)' needs a stream") }
        guard let stream = streams.first(where: { $0.name == streamName }) else {
            throw r.error(
                "stream",
                "no [[stream]] named '\(streamName)' (streams: \(streams.map(\.name).joined(separator: ", ")))")
        }

        let likelihood = try parseLikelihood(&r, stream: stream)
        let fixedNoise = try r.double("noise_variance")
        if let v = fixedNoise, !(v > 0 && v.isFinite) { throw r.error("noise_variance", "must be positive and finite") }
        if fixedNoise != nil, likelihood.classes != nil || likelihood == .poisson {
            throw r.error("noise_variance", "only a gaussian likelihood has a noise variance")
        }
        let forgetting = try parseForgetting(&r)
        let snapshotEvery = try r.int("snapshot_every") ?? 100
        guard snapshotEvery >= 1 else { throw r.error("snapshot_every", "must be ≥ 1") }
        let keepSnapshots = try r.int("keep_snapshots") ?? 100
        guard keepSnapshots >= 0 else { throw r.error("keep_snapshots", "must be ≥ 0 (0: keep every snapshot)") }
        let keepFor = try r.duration("keep_for")
        let publishModelEvery = try r.int("publish_model_every")
        if let n = publishModelEvery, n < 1 {
            throw r.error("publish_model_every", "must be ≥ 1 (1: a model/ for every batch)")
        }
        let (detector, beam) = try parseDriftDetector(&r, variational: Self.isVariational(r))
        let memory = try r.double("drift_memory") ?? Learner.defaultMemory
        guard memory > 0 else { throw r.error("drift_memory", "must be > 0 examples (inf: alarms only)") }
        let alarmFactor = try r.double("drift_alarm_forgetting") ?? 1e-4
        guard alarmFactor > 0, alarmFactor <= 1 else { throw r.error("drift_alarm_forgetting", "must be in (0, 1]") }
        var monitor = SensitivityMonitor()
        if r.has("sensitivity_threshold") {
            throw r.error(
                "sensitivity_threshold",
                "replaced by sensitivity_rate, the false alerts per example allowed (default 1e-4; 0: off)")
        }
        if let v = try r.double("sensitivity_rate") {
            guard v >= 0, v < 1 else { throw r.error("sensitivity_rate", "must be in [0, 1) (0: off)") }
            monitor.rate = v
        }
        if let v = try r.int("sensitivity_limit") {
            guard v >= 1 else { throw r.error("sensitivity_limit", "must be ≥ 1") }; monitor.limit = v
        }
        let whatifMemory = try r.int("whatif_memory") ?? 0
        guard whatifMemory >= 0 else { throw r.error("whatif_memory", "must be ≥ 0 examples (0: off)") }
        let quarantine = try r.bool("quarantine") ?? false
        if quarantine, monitor.rate == 0 {
            throw r.error("quarantine", "needs sensitivity alerts (sensitivity_rate > 0)")
        }
        let calibrate = try r.bool("calibrate") ?? true
        try refuseIneffective(r, forgetting: forgetting, sensitivityRate: monitor.rate)
        var seed: UInt64 = 0
        if let v = try r.int("seed") {
            guard v >= 0 else { throw r.error("seed", "must be ≥ 0") }
            seed = UInt64(v)
        }
        let noise = try parseNoisePrior(&r)

        let ruleName = try r.string("rule")
        let tuned = singleRuleKeys.first { r.has($0) }
        let isAuto = ruleName == "auto" || (ruleName == nil && tuned == nil)
        let rule: String
        let learner: Learner
        if isAuto {
            if let key = tuned {
                throw r.error(key, "rule = \"auto\" chooses its own members: \(key) belongs to a single rule")
            }
            let autoForgetting: Learner.AutoForgetting =
                switch forgetting {
                case .adaptive: .adaptive(memory: memory)
                case .none: .fixed(1)
                case .fixed(let a): .fixed(a)
                }
            rule = "auto"
            // Its linear member alone, before anything is allocated; the whole average once it is built.
            let linear = ModelSpec(
                features: stream.features, likelihood: likelihood, posterior: likelihood.outputs > 1 ? .block : .full)
            try refuseOversized(
                r, name: name, specs: [linear], features: stream.features, whatifMemory: whatifMemory, limit: sizeLimit,
                auto: true)
            learner = try core(r, "rule") {
                try Learner.automatic(
                    features: stream.features, likelihood: likelihood, seed: seed, forgetting: autoForgetting,
                    noise: fixedNoise == nil ? noise : nil, calibrated: calibrate, detector: detector, beam: beam,
                    alarmFactor: alarmFactor)
            }
        } else {
            let spec = try parseSingleRule(
                &r, stream: stream, likelihood: likelihood, fixedNoise: fixedNoise, noise: noise, seed: seed)
            try refuseOversized(
                r, name: name, specs: [spec], features: stream.features, whatifMemory: whatifMemory, limit: sizeLimit,
                auto: false)
            rule = spec.rule.rawValue
            let memberForgetting: MemberForgetting =
                switch forgetting {
                case .adaptive: .memory(memory)
                case .none: .none
                case .fixed(let a): .perBatch(a)
                }
            learner = try core(r, "rule") {
                try Learner(
                    members: [
                        Member(
                            name: spec.rule.rawValue, spec: spec, calibrated: calibrate, forgetting: memberForgetting)
                    ],
                    drift: DriftResponse(
                        detector: detector, beam: beam, acts: forgetting == .adaptive, alarmFactor: alarmFactor))
            }
        }
        // A noise prior only means something where the noise variance is learned (the conjugate rule on a gaussian
        // model without a fixed noise_variance).
        for key in ["noise_shape", "noise_rate"]
        where r.has(key) && !learner.members.contains(where: { $0.model.spec.noise != nil }) {
            throw r.error(
                key,
                "only a learned noise variance has a prior (a gaussian model by the conjugate rule, without noise_variance)"
            )
        }
        if isAuto {
            try refuseOversized(
                r, name: name, specs: ModelSize.specs(of: learner), features: stream.features,
                whatifMemory: whatifMemory, limit: sizeLimit, auto: true)
        }
        try r.finish()
        return ModelConfig(
            name: name, stream: stream.name, rule: rule, learner: learner, forgetting: forgetting,
            snapshotEvery: snapshotEvery, sensitivityMonitor: monitor, whatifMemory: whatifMemory,
            quarantine: quarantine, keepSnapshots: keepSnapshots, keepFor: keepFor, publishModelEvery: publishModelEvery
        )
    }

    /// A single rule's spec: network, posterior and rule (defaults: linear gaussian → conjugate/full, other
    /// linear → laplace/full, MLP → ivon/diagonal), prior, standardisation and hyperparameters.
    static func parseSingleRule(
        _ r: inout TableReader, stream: StreamConfig, likelihood: Likelihood, fixedNoise: Double?, noise: NoisePrior,
        seed: UInt64
    ) throws -> ModelSpec {
        let network = try parseNetwork(&r, features: stream.features)
        let (posterior, rule) = try parsePosteriorAndRule(&r, likelihood: likelihood, network: network)
        let priorPrecision =
            try r.double("prior_precision")
            ?? (network.isLinear || !network.hasLinearReadout ? 1 : Learner.featurePriorPrecision)
        let standardize = try r.bool("standardize") ?? true
        var hp = Hyperparameters.defaults(for: rule, network: network, posterior: posterior, likelihood: likelihood)
        if let v = try r.double("learning_rate") { hp.learningRate = v }
        if let v = try r.double("ess") { hp.ess = v }
        if let v = try r.double("beta1") { hp.beta1 = v }
        if let v = try r.double("beta2") { hp.beta2 = v }
        if let v = try r.double("hess_init") { hp.hessInit = v }
        if let v = try r.int("mc_samples") { hp.mcSamples = v }
        if let v = try r.double("clip_radius") { hp.clipRadius = v }
        if let v = try r.int("newton_iterations") { hp.newtonIterations = v }
        if let v = try r.double("newton_tolerance") { hp.newtonTolerance = v }
        if let v = try r.int("predictive_samples") { hp.predictiveSamples = v }
        if let v = try r.int("steps") { hp.steps = v }
        if let v = try r.double("fading_memory") { hp.fadingMemory = v }
        hp.seed = seed
        // The conjugate rule learns the noise variance unless it is given; the other rules keep it fixed.
        let learnsNoise = rule == .conjugate && fixedNoise == nil
        let lik: Likelihood =
            if case .gaussian = likelihood { .gaussian(noiseVariance: fixedNoise ?? 1) } else { likelihood }
        let spec = ModelSpec(
            features: stream.features, likelihood: lik, network: network, posterior: posterior, rule: rule,
            priorPrecision: priorPrecision, standardize: standardize, noise: learnsNoise ? noise : nil,
            hyperparameters: hp)
        try core(r, nil) { try spec.validate() }
        try refuseIneffective(r, spec: spec)
        return spec
    }

    /// Runs an inference-core check, reporting its complaint at the config key it is about.
    static func core<T>(_ r: TableReader, _ fallback: String?, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as InferenceError {
            throw r.error(keyOf(error) ?? fallback, "\(error)")
        }
    }

    /// The likelihood the task implies, or the configured one when it fits the task.
    static func parseLikelihood(_ r: inout TableReader, stream: StreamConfig) throws -> Likelihood {
        let name = try r.string("likelihood")
        let implied: String =
            switch stream.task {
            case .binary: "bernoulli"
            case .multiclass: "categorical"
            case .regression: "gaussian"
            case .count: "poisson"
            }
        let chosen = name ?? implied
        let fits: Bool =
            switch (stream.task, chosen) {
            case (.binary, "bernoulli"), (.binary, "categorical"), (.multiclass, "categorical"),
                (.regression, "gaussian"),
                (.count, "poisson"):
                true
            default: false
            }
        guard ["gaussian", "bernoulli", "categorical", "poisson"].contains(chosen) else {
            throw r.error("likelihood", "must be one of gaussian, bernoulli, categorical, poisson")
        }
        guard fits else {
            throw r.error("likelihood", "\(chosen) does not fit a \(stream.task.rawValue) stream (use \(implied))")
        }
        switch chosen {
        case "gaussian": return .gaussian(noiseVariance: 1)
        case "bernoulli": return .bernoulli
        case "categorical": return .categorical(classes: stream.classes ?? 2)
        default: return .poisson
        }
    }

    /// IG(a₀, b₀) of a learned noise variance: `noise_shape`, `noise_rate` (defaults: `NoisePrior`).
    static func parseNoisePrior(_ r: inout TableReader) throws -> NoisePrior {
        var prior = NoisePrior()
        if let v = try r.double("noise_shape") { prior.shape = v }
        if let v = try r.double("noise_rate") { prior.rate = v }
        try core(r, "noise_shape") { try prior.validate() }
        return prior
    }

    /// `drift_detector` (`bocpd`, the default: Bayesian online change-point inference; `cusum`: the surprise
    /// CUSUM), with `drift_hazard` (bocpd's prior change rate per example) or `drift_threshold` (the CUSUM's h),
    /// each refused for the other detector, where it would have no effect.
    ///
    /// A single variational rule (IVON, VOGN) defaults to `cusum`: its posterior depends on the path of its
    /// optimisation, and a run tempered and restarted converges faster than the long one while that one is still
    /// settling — a "change" on a stationary stream (linreg_stationary, IVON: 2 confirmations in its first 1400
    /// examples). Change-point hypotheses are comparable for the closed-form and Laplace rules.
    static func parseDriftDetector(_ r: inout TableReader, variational: Bool) throws -> (
        DriftDetector, ChangePointBeam?
    ) {
        let name = try r.string("drift_detector") ?? (variational ? "cusum" : "bocpd")
        var detector = DriftDetector()
        switch name {
        case "bocpd":
            if r.has("drift_threshold") {
                throw r.error("drift_threshold", "only the cusum detector has a threshold (drift_detector = \"cusum\")")
            }
            var settings = ChangePointBeam.Settings()
            if let h = try r.double("drift_hazard") {
                guard h > 0, h < 1 else {
                    throw r.error("drift_hazard", "must be in (0, 1): the prior probability of a change per example")
                }
                settings.hazard = h
            }
            return (detector, ChangePointBeam(settings: settings))
        case "cusum":
            if r.has("drift_hazard") {
                throw r.error("drift_hazard", "only the bocpd detector has a hazard (drift_detector = \"bocpd\")")
            }
            if let v = try r.double("drift_threshold") {
                guard v > 0 else { throw r.error("drift_threshold", "must be > 0") }
                detector.threshold = v
            }
            return (detector, nil)
        default:
            throw r.error("drift_detector", "must be \"bocpd\" or \"cusum\"")
        }
    }

    /// The model is a single variational rule: `rule` names IVON or VOGN, or an MLP network (IVON by default).
    static func isVariational(_ r: TableReader) -> Bool {
        if let rule = r.table["rule"]?.string { return rule == "ivon" || rule == "vogn" }
        return r.table["network"]?.string == "mlp"
    }

    static func parseForgetting(_ r: inout TableReader) throws -> ModelConfig.Forgetting {
        guard let (text, number) = try r.stringOrNumber("forgetting") else { return .adaptive }
        if let number {
            guard number > 0, number <= 1 else { throw r.error("forgetting", "a number must be in (0, 1]") }
            return number == 1 ? .none : .fixed(number)
        }
        switch text {
        case "none": return .none
        case "adaptive": return .adaptive
        default: throw r.error("forgetting", "must be \"none\", \"adaptive\" or a number in (0, 1]")
        }
    }

    /// The config key an inference-core complaint is about.
    static func keyOf(_ error: InferenceError) -> String? {
        switch error {
        case .invalidHyperparameter(let name, _, _): return name
        case .unsupported: return "rule"
        default: return nil
        }
    }
}
