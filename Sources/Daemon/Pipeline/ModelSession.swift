import Decode
import Foundation
import Inference
import Persist
import Vocabulary

/// One model's learning state inside the daemon — its learner (members, calibrators, weights, drift response)
/// and everything persisted with it — and the prequential step: predict the batch with the current posterior,
/// score it, watch for sensitive examples, then learn it with the posterior as prior. Pure: the worker does
/// the I/O around it.
struct ModelSession: Sendable {
    let config: ModelConfig
    private(set) var learner: Learner
    /// 1 for the prior, then +1 with every change of the posterior (update, restore, reset); snapshots are
    /// named by it.
    private(set) var version: Int
    /// The (epoch, seq) of the newest batch this posterior has seen, nil before the first.
    private(set) var position: BatchPosition?
    /// Scores of the published (calibrated) predictions.
    private(set) var metrics: PrequentialMetrics
    /// Scores of the same predictions before calibration, for comparison.
    private(set) var uncalibrated: PrequentialMetrics
    /// The published predictions' scores over the newest ~1 000 and ~10 000 examples; not persisted, so they
    /// fill again after a restart.
    var rolling = RollingMetrics()
    private(set) var sensitivity: SensitivityMonitor
    private(set) var batchesSinceSnapshot = 0
    /// The newest labelled examples the posterior learned (`whatif_memory`), for a control `whatif`.
    var memory: ExampleMemory

    /// What one batch did.
    struct Outcome: Sendable {
        var predictive: Predictive
        var learned = false
        /// Why the model refused to learn a valid batch (its posterior is unchanged).
        var refusal: String?
        var drift: DriftEvent?
        /// The examples the sensitivity monitor flagged, when any.
        var sensitive: SensitivityMonitor.Finding?
        /// The flagged examples were held out of learning (`quarantine`).
        var quarantined = false
    }

    struct DriftEvent: Sendable, Equatable {
        /// `bocpd` or `cusum`.
        var detector: String
        /// The CUSUM's statistic, or the winning run's posterior probability (bocpd).
        var statistic: Double
        /// The CUSUM's threshold, or main's posterior probability, which the winner's exceeded (bocpd).
        var threshold: Double
        /// P(a change since the last confirmed one) (bocpd).
        var changeProbability: Double?
        /// The MAP run length, in examples: how far back the change happened (bocpd).
        var runLength: Int?
        /// The member that took the winning run's posterior (bocpd), and whether others forgot.
        var anchor: String?
        var othersForgot = false
        /// The forgetting factor the batch was learned with, when the detector drives forgetting.
        var forgetting: Double?
        /// Where in the batch the change was located (members that refit from there), when acted on.
        var changeAt: Int?
    }

    init(config: ModelConfig) {
        self.config = config
        learner = config.learner
        version = 1  // the prior
        metrics = PrequentialMetrics()
        uncalibrated = PrequentialMetrics()
        sensitivity = config.sensitivityMonitor
        memory = ExampleMemory(limit: config.whatifMemory)
    }

    /// A session resumed from a snapshot (the stored learner and sensitivity monitor adopt the configured
    /// settings).
    init(config: ModelConfig, snapshot: SessionSnapshot, remembered: [RememberedExample] = []) throws {
        self.config = config
        learner = try config.learner.restoring(snapshot.learner)
        version = snapshot.state.version
        position = snapshot.state.position
        metrics = snapshot.state.metrics
        uncalibrated = snapshot.state.uncalibrated ?? snapshot.state.metrics
        sensitivity = snapshot.state.sensitivity.adopting(settingsOf: config.sensitivityMonitor)
        // Only what the posterior includes (the stored memory can be newer after a damaged snapshot was skipped).
        let position = snapshot.state.position
        memory = ExampleMemory(
            limit: config.whatifMemory,
            rows: remembered.filter { r in position.map { BatchPosition(epoch: r.epoch, seq: r.seq) <= $0 } ?? false })
    }

    /// True when the posterior already includes the batch at `position` (a replay after a restart).
    func hasSeen(_ p: BatchPosition) -> Bool { position.map { p <= $0 } ?? false }

    var snapshotDue: Bool { batchesSinceSnapshot >= config.snapshotEvery }

    /// The current model's published predictive of rows x (the control socket's `predict`).
    func predict(_ x: [Double]) throws -> Predictive { try learner.predict(x) }

    /// Predict, score, then learn (when labelled).
    mutating func process(_ batch: Batch, at p: BatchPosition, ids: [ExampleID]? = nil) throws -> Outcome {
        let prediction = try learner.predict(batch)
        var outcome = Outcome(predictive: prediction.published)
        position = p
        batchesSinceSnapshot += 1
        guard let y = batch.y, batch.count > 0 else { return outcome }
        // Tested before learning, so that quarantine can hold the flagged examples out of it.
        let finding = sensitivity.test(prediction.sensitivities)
        let held = config.quarantine ? Set(finding.flagged.map(\.index)) : []
        let step = learner.learn(batch, after: prediction, holdingOut: held)
        if !finding.isEmpty {
            outcome.sensitive = finding
            outcome.quarantined = !held.isEmpty
        }
        // A batch a model refuses, whole or by some of its members (an input that overflows them: its prediction
        // is far off and its score huge), is not scored: one such batch would otherwise dominate the scores, and
        // the sensitivity monitor's typical deviation, for good. Members that could learn it have.
        let scored = step.refusals.isEmpty
        if !step.refusals.isEmpty { outcome.refusal = step.refusals.joined(separator: "; ") }
        if scored {
            let surprise = metrics.record(prediction.published, labels: y)
            rolling.record(prediction.published, labels: y, surprise: surprise)
            uncalibrated.record(prediction.uncalibrated, labels: y)
            sensitivity.observe(prediction.sensitivities)
        }
        if step.alarm {
            outcome.drift = DriftEvent(
                detector: learner.drift.beam == nil ? "surprise-cusum" : "bocpd", statistic: step.statistic,
                threshold: step.mainProbability ?? learner.drift.detector.threshold,
                changeProbability: step.changeProbability, runLength: step.runLength,
                anchor: learner.members[learner.anchor].name, othersForgot: learner.members.count > 1,
                forgetting: step.alarmForgetting,
                changeAt: step.changeAt.min())
        }
        if step.learned {
            version += 1
            outcome.learned = true
            memory.remember(batch, ids: ids, at: p)
        }
        return outcome
    }

    /// `mixture` for several members, else the member's posterior family.
    var family: String { learner.members.count == 1 ? learner.members[0].model.posterior.family : "mixture" }

    /// Metrics by name: the published predictions', plus the uncalibrated log-loss, NLL and ECE beside them.
    var metricsSummary: [String: Double] {
        var out = metrics.summary
        let before = uncalibrated.summary
        for key in ["log_loss", "ece15", "nll", "picp90"] { if let v = before[key] { out[key + "_uncalibrated"] = v } }
        return out
    }

    /// The rolling windows' scores by name (as `metricsSummary`), keyed `metrics_1k` and `metrics_10k`.
    var rollingSummaries: [String: [String: Double]] {
        var out: [String: [String: Double]] = [:]
        for (w, limit) in rolling.limits.enumerated() { out["metrics_\(limit / 1000)k"] = rolling.window(w).summary }
        return out
    }

    /// The state to persist now.
    mutating func snapshot() -> SessionSnapshot {
        batchesSinceSnapshot = 0
        return SessionSnapshot(
            learner: learner,
            state: .init(
                version: version, position: position, metrics: metrics, uncalibrated: uncalibrated,
                sensitivity: sensitivity))
    }

    /// The posterior becomes a stored one (recorded as a new version), with its weights, calibrators and detector
    /// state; the stream position, the metrics and the sensitivity monitor are kept.
    mutating func restore(_ stored: Learner, through storedPosition: BatchPosition?) throws {
        learner = try config.learner.restoring(stored)
        memory.keep(through: storedPosition)
        version += 1
        batchesSinceSnapshot = config.snapshotEvery
    }

    /// Another learner of the same configuration becomes the posterior (an applied what-if), as a new version.
    mutating func replaceLearner(_ next: Learner) {
        learner = next
        version += 1
        batchesSinceSnapshot = config.snapshotEvery
    }

    /// The same posterior as a version above `newest` (a restart that fell back past damaged snapshots).
    mutating func renumber(above newest: Int) {
        version = max(version, newest) + 1
    }

    /// Back to the configured prior (a new version), the drift detector and the weights included; the stream
    /// position, the metrics and the sensitivity monitor are kept.
    mutating func reset() {
        learner = config.learner
        memory.clear()
        version += 1
        batchesSinceSnapshot = config.snapshotEvery
    }
}

extension ModelSession.DriftEvent {
    /// What was done about it, in words.
    var action: String {
        guard let forgetting else { return "none (forgetting is not adaptive)" }
        let alpha = String(format: "%.3g", forgetting)
        guard detector == "bocpd", let anchor else { return "forgetting α=\(alpha)" }
        // The run's length is in the alert's own field (`run_length`) and sentence.
        let run = "collapsed onto the new run: \(anchor) took its posterior"
        return othersForgot ? run + ", the other members forgot with α=\(alpha)" : run
    }
}

extension DriftResponse {
    /// The detector's state as `status` and `blrctl show` give it: its name, and for bocpd P(change), the MAP
    /// run's length (examples since the last confirmed change) and the hypotheses held; for the CUSUM its
    /// statistic and threshold.
    public var summaryJSON: JSONValue {
        var out: [String: JSONValue] = ["detector": .string(detectorName)]
        if let beam {
            out["p_change"] = JSONValue(beam.changeProbability)
            out["hypotheses"] = JSONValue(beam.challengers.count + 1)
            out["run_length_map"] = JSONValue(beam.runLength)
        } else {
            out["statistic"] = JSONValue(detector.statistic)
            out["threshold"] = JSONValue(detector.threshold)
        }
        return .object(out)
    }
}
