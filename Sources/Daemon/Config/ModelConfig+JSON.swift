import Decode
import Inference

extension ModelConfig {
    /// The model's configuration as JSON (stored with the model, shown by `blrctl show`).
    var json: JSONValue {
        let forgetting: JSONValue =
            switch self.forgetting {
            case .none: "none"
            case .fixed(let a): JSONValue(a)
            case .adaptive: "adaptive"
            }
        let drift = learner.drift
        var driftJSON: [String: JSONValue] = [
            "detector": .string(drift.detectorName), "acts": .bool(drift.acts),
            "alarm_forgetting": JSONValue(drift.alarmFactor), "noise_memory": JSONValue(drift.noiseMemory),
        ]
        if let s = drift.beam?.settings {
            driftJSON["hazard"] = JSONValue(s.hazard)
            driftJSON["hypotheses"] = JSONValue(s.capacity + 1)
            driftJSON["chunk"] = JSONValue(s.chunk)
            driftJSON["birth_memory"] = JSONValue(s.birthMemory)
        } else {
            driftJSON["threshold"] = JSONValue(drift.detector.threshold)
        }
        return .object([
            "name": .string(name), "stream": .string(stream), "features": JSONValue(features), "rule": .string(rule),
            "forgetting": forgetting, "snapshot_every": JSONValue(snapshotEvery),
            "switch_rate": JSONValue(learner.switchRate),
            "members": .array(learner.members.map(Self.memberJSON)),
            "drift": .object(driftJSON),
            "sensitivity": .object([
                "rate": JSONValue(sensitivityMonitor.rate), "limit": JSONValue(sensitivityMonitor.limit),
                "quarantine": .bool(quarantine),
            ]),
        ])
    }

    static func memberJSON(_ member: Member) -> JSONValue {
        let spec = member.model.spec
        let hp = spec.hyperparameters
        var likelihood: [String: JSONValue] = [:]
        switch spec.likelihood {
        case .gaussian(let s2):
            likelihood = ["name": "gaussian"]
            if let noise = spec.noise {
                likelihood["noise_prior"] = ["shape": JSONValue(noise.shape), "rate": JSONValue(noise.rate)]
            } else {
                likelihood["noise_variance"] = JSONValue(s2)
            }
        case .bernoulli: likelihood = ["name": "bernoulli"]
        case .categorical(let k): likelihood = ["name": "categorical", "classes": JSONValue(k)]
        case .poisson: likelihood = ["name": "poisson"]
        }
        var network: [String: JSONValue] = ["bias": .bool(spec.network.hasBias)]
        switch spec.network {
        case .linear: network["name"] = "linear"
        case .mlp(let hidden, let activation, _):
            network["name"] = "mlp"
            network["hidden"] = .array(hidden.map { JSONValue($0) })
            network["activation"] = .string(activation.rawValue)
        case .rff(let width, let lengthscale, _):
            network["name"] = "rff"
            network["width"] = JSONValue(width)
            network["lengthscale"] = JSONValue(lengthscale)
        }
        let forgetting: JSONValue =
            switch member.forgetting {
            case .none: "none"
            case .perBatch(let a): JSONValue(a)
            case .memory(let m): ["memory": JSONValue(m)]
            }
        return .object([
            "name": .string(member.name), "likelihood": .object(likelihood), "network": .object(network),
            "posterior": .string(spec.posterior.rawValue), "rule": .string(spec.rule.rawValue),
            "prior_precision": JSONValue(spec.priorPrecision), "standardize": .bool(spec.standardize),
            "forgetting": forgetting, "calibrated": .bool(member.calibrator != nil),
            "hyperparameters": .object([
                "learning_rate": JSONValue(hp.learningRate), "ess": hp.ess.map { JSONValue($0) } ?? "batch size",
                "beta1": JSONValue(hp.beta1), "beta2": JSONValue(hp.beta2), "hess_init": JSONValue(hp.hessInit),
                "mc_samples": JSONValue(hp.mcSamples), "clip_radius": JSONValue(hp.clipRadius),
                "newton_iterations": JSONValue(hp.newtonIterations), "newton_tolerance": JSONValue(hp.newtonTolerance),
                "seed": JSONValue(hp.seed), "predictive_samples": JSONValue(hp.predictiveSamples),
                "steps": JSONValue(hp.steps),
                "fading_memory": hp.fadingMemory.isFinite ? JSONValue(hp.fadingMemory) : "none",
            ]),
        ])
    }
}
