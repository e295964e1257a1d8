import Inference

extension ModelConfigParser {
    /// Keys that tune one part of one rule, with the specs that read them and why the others do not: a key
    /// that changes nothing is refused rather than silently ignored, since whoever wrote it expected an effect
    /// (`mc_samples` on a Laplace model, `newton_iterations` on IVON).
    static let effects:
        [(keys: [String], applies: @Sendable (ModelSpec) -> Bool, reason: @Sendable (ModelSpec) -> String)] = [
            (
                ["learning_rate", "ess", "beta1", "beta2", "hess_init", "mc_samples", "clip_radius", "fading_memory"],
                { $0.rule == .ivon || $0.rule == .vogn },
                { "only the variational rules (ivon, vogn) read it; this model's rule is \($0.rule.rawValue)" }
            ),
            (
                ["newton_iterations", "newton_tolerance"],
                { $0.rule == .laplace },
                { "only rule = \"laplace\" takes Newton steps; this model's rule is \($0.rule.rawValue)" }
            ),
            (
                ["steps"],
                { ($0.rule == .ivon || $0.rule == .vogn) && !$0.network.hasLinearReadout },
                { _ in
                    "only an MLP under ivon or vogn takes several steps per batch (a linear readout takes one exact step)"
                }
            ),
            (
                ["predictive_samples"],
                { !$0.network.hasLinearReadout },
                { _ in "only an MLP's predictive is Monte-Carlo; a linear or rff readout's is in closed form" }
            ),
        ]

    /// Refuses the first key the table sets that `spec` never reads, with the reason.
    static func refuseIneffective(_ r: TableReader, spec: ModelSpec) throws {
        for effect in effects where !effect.applies(spec) {
            for key in effect.keys where r.has(key) {
                throw r.error(key, "has no effect here: \(effect.reason(spec)); remove it")
            }
        }
    }

    /// The model-level keys that only act under another setting: the drift memory and the alarm's α only
    /// under adaptive forgetting (otherwise alarms are only reported), the alert size only with alerts on.
    static func refuseIneffective(
        _ r: TableReader, forgetting: ModelConfig.Forgetting, sensitivityRate: Double
    ) throws {
        if forgetting != .adaptive {
            for key in ["drift_memory", "drift_alarm_forgetting"] where r.has(key) {
                throw r.error(
                    key,
                    "has no effect here: only forgetting = \"adaptive\" forgets on drift (with forgetting "
                        + "\"none\" or a number, alarms are only reported); remove it")
            }
        }
        if sensitivityRate == 0, r.has("sensitivity_limit") {
            throw r.error(
                "sensitivity_limit", "has no effect here: sensitivity_rate = 0 turns sensitivity alerts off; remove it")
        }
    }
}
