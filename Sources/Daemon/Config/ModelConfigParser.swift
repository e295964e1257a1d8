import Inference

/// Reads one `[[model]]` table into a `ModelConfig`, filling the documented defaults and refusing combinations
/// the rules cannot run (the inference core's own validation, with the config's line and key).
enum ModelConfigParser {
    static func parse(_ reader: TableReader, streams: [StreamConfig]) throws -> ModelConfig {
        var r = reader
        guard let name = try r.string("name"), !name.isEmpty else { throw r.error("name", "every [[model]] needs a name") }
        guard !name.contains("/"), !name.contains("@") else { throw r.error("name", "must not contain '/' or '@'") }
        guard let streamName = try r.string("stream") else { throw r.error("stream", "model '\(name)' needs a stream") }
        guard let stream = streams.first(where: { $0.name == streamName }) else {
            throw r.error("stream", "no [[stream]] named '\(streamName)' (streams: \(streams.map(\.name).joined(separator: ", ")))")
        }

        let likelihood = try parseLikelihood(&r, stream: stream)
        let network = try parseNetwork(&r)
        let (posterior, rule) = try parsePosteriorAndRule(&r, likelihood: likelihood, network: network)
        let priorPrecision = try r.double("prior_precision") ?? 1
        let forgetting = try parseForgetting(&r)
        let snapshotEvery = try r.int("snapshot_every") ?? 100
        guard snapshotEvery >= 1 else { throw r.error("snapshot_every", "must be ≥ 1") }
        let standardize = try r.bool("standardize")
        var adaptive = AdaptiveForgetting()
        if let v = try r.double("drift_threshold") { guard v > 0 else { throw r.error("drift_threshold", "must be > 0") }; adaptive.detector.threshold = v }
        if let v = try r.double("drift_memory") { guard v > 0 else { throw r.error("drift_memory", "must be > 0 examples (inf: alarms only)") }; adaptive.memory = v }
        if let v = try r.double("drift_alarm_forgetting") {
            guard v > 0, v <= 1 else { throw r.error("drift_alarm_forgetting", "must be in (0, 1]") }
            adaptive.alarmFactor = v
        }
        var monitor = SensitivityMonitor()
        if let v = try r.double("sensitivity_threshold") { guard v >= 0 else { throw r.error("sensitivity_threshold", "must be ≥ 0 (0: off)") }; monitor.threshold = v }
        if let v = try r.int("sensitivity_limit") { guard v >= 1 else { throw r.error("sensitivity_limit", "must be ≥ 1") }; monitor.limit = v }

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
        if let v = try r.int("seed") {
            guard v >= 0 else { throw r.error("seed", "must be ≥ 0") }
            hp.seed = UInt64(v)
        }
        let alpha: Double = if case .fixed(let a) = forgetting { a } else { 1 }
        let spec = ModelSpec(
            features: stream.features, likelihood: likelihood, network: network, posterior: posterior, rule: rule,
            priorPrecision: priorPrecision, forgetting: alpha, standardize: standardize, hyperparameters: hp)
        do { try spec.validate() } catch let error as InferenceError {
            throw r.error(keyOf(error), "\(error)")
        }
        try r.finish()
        return ModelConfig(
            name: name, stream: stream.name, spec: spec, forgetting: forgetting, snapshotEvery: snapshotEvery,
            adaptive: adaptive, sensitivityMonitor: monitor)
    }

    /// The likelihood the task implies, or the configured one when it fits the task.
    static func parseLikelihood(_ r: inout TableReader, stream: StreamConfig) throws -> Likelihood {
        let noise = try r.double("noise_variance")
        let name = try r.string("likelihood")
        let implied: String = switch stream.task {
        case .binary: "bernoulli"
        case .multiclass: "categorical"
        case .regression: "gaussian"
        case .count: "poisson"
        }
        let chosen = name ?? implied
        let fits: Bool = switch (stream.task, chosen) {
        case (.binary, "bernoulli"), (.binary, "categorical"), (.multiclass, "categorical"), (.regression, "gaussian"),
            (.count, "poisson"): true
        default: false
        }
        guard ["gaussian", "bernoulli", "categorical", "poisson"].contains(chosen) else {
            throw r.error("likelihood", "must be one of gaussian, bernoulli, categorical, poisson")
        }
        guard fits else { throw r.error("likelihood", "\(chosen) does not fit a \(stream.task.rawValue) stream (use \(implied))") }
        if noise != nil && chosen != "gaussian" { throw r.error("noise_variance", "only a gaussian likelihood has a noise variance") }
        switch chosen {
        case "gaussian": return .gaussian(noiseVariance: noise ?? 1)
        case "bernoulli": return .bernoulli
        case "categorical": return .categorical(classes: stream.classes ?? 2)
        default: return .poisson
        }
    }

    static func parseNetwork(_ r: inout TableReader) throws -> Network {
        let bias = try r.bool("bias") ?? true
        let hidden = try r.intArray("hidden")
        let activationName = try r.string("activation")
        switch try r.string("network") ?? "linear" {
        case "linear":
            if hidden != nil { throw r.error("hidden", "only network = \"mlp\" has hidden layers") }
            if activationName != nil { throw r.error("activation", "only network = \"mlp\" has an activation") }
            return .linear(bias: bias)
        case "mlp":
            guard let hidden, !hidden.isEmpty else { throw r.error("hidden", "network = \"mlp\" needs hidden = [width, …]") }
            guard hidden.allSatisfy({ $0 >= 1 }) else { throw r.error("hidden", "every width must be ≥ 1") }
            guard let activation = Activation(rawValue: activationName ?? "tanh") else {
                throw r.error("activation", "must be tanh or relu")
            }
            return .mlp(hidden: hidden, activation: activation, bias: bias)
        default:
            throw r.error("network", "must be linear or mlp")
        }
    }

    /// Defaults: linear gaussian → conjugate/full; other linear → laplace/full; MLP → ivon/diagonal; a rule
    /// alone implies its posterior (conjugate, laplace: full; vogn, ivon: diagonal), a posterior alone its rule.
    static func parsePosteriorAndRule(_ r: inout TableReader, likelihood: Likelihood, network: Network) throws -> (PosteriorForm, Rule) {
        let posteriorName = try r.string("posterior")
        let ruleName = try r.string("rule")
        let posterior = try posteriorName.map {
            guard let p = PosteriorForm(rawValue: $0) else { throw r.error("posterior", "must be full or diagonal") }
            return p
        }
        let rule = try ruleName.map {
            guard let rule = Rule(rawValue: $0) else { throw r.error("rule", "must be conjugate, laplace, vogn or ivon") }
            return rule
        }
        let isGaussian: Bool = if case .gaussian = likelihood { true } else { false }
        switch (posterior, rule) {
        case (let p?, let rule?): return (p, rule)
        case (nil, let rule?): return (rule == .conjugate || rule == .laplace ? .full : .diagonal, rule)
        case (let p?, nil): return (p, p == .diagonal ? .ivon : (isGaussian ? .conjugate : .laplace))
        case (nil, nil):
            guard network.isLinear else { return (.diagonal, .ivon) }
            return (.full, isGaussian ? .conjugate : .laplace)
        }
    }

    static func parseForgetting(_ r: inout TableReader) throws -> ModelConfig.Forgetting {
        guard let (text, number) = try r.stringOrNumber("forgetting") else { return .none }
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
