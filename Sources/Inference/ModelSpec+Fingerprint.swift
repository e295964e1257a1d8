extension ModelSpec {
    /// What a stored state's meaning depends on: features, likelihood family and classes, network, posterior
    /// form, rule and standardisation. Two specs with the same fingerprint can exchange states
    /// (`Model.reconfigured(to:)`); hyperparameters, the prior precision, the noise variance and forgetting may
    /// differ. A daemon refuses to resume a stored model whose fingerprint its configuration changed.
    public var shapeFingerprint: String {
        let likelihoodPart = likelihood.kind
        let networkPart: String
        switch network {
        case .linear(let bias): networkPart = "linear(bias: \(bias))"
        case .mlp(let hidden, let activation, let bias):
            networkPart = "mlp(hidden: \(hidden), activation: \(activation.rawValue), bias: \(bias))"
        case .rff(let width, let lengthscale, let bias):
            // The seed draws the features, so a state means nothing under another seed.
            networkPart =
                "rff(width: \(width), lengthscale: \(lengthscale), bias: \(bias), seed: \(hyperparameters.seed))"
        }
        return
            "features=\(features) likelihood=\(likelihoodPart) network=\(networkPart) posterior=\(posterior.rawValue) "
            + "rule=\(rule.rawValue) standardize=\(standardize)" + (noise == nil ? "" : " noise=learned")
    }
}

extension Model {
    /// The same state under a spec with the same fingerprint (new hyperparameters, prior precision, noise
    /// variance or forgetting take effect from the next batch).
    public func reconfigured(to newSpec: ModelSpec) throws -> Model {
        guard newSpec.shapeFingerprint == spec.shapeFingerprint else {
            throw InferenceError.unsupported(
                "the stored model is \(spec.shapeFingerprint), the new spec is \(newSpec.shapeFingerprint)")
        }
        try newSpec.validate()
        var model = try Model(spec: newSpec)
        model.posterior = posterior
        model.optimizer = optimizer
        model.rng = rng
        model.scaler = scaler
        model.noise = noise
        model.targetScaler = targetScaler
        model.batchesSeen = batchesSeen
        model.examplesSeen = examplesSeen
        return model
    }
}
