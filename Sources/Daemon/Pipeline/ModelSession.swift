import Inference

/// One model's learning state inside the daemon — the posterior and everything persisted with it — and the
/// prequential step: predict the batch with the current posterior, score it, watch for drift and sensitive
/// examples, then learn it with the posterior as prior. Pure: the worker does the I/O around it.
struct ModelSession: Sendable {
    let config: ModelConfig
    private(set) var model: Model
    /// 1 for the prior, then +1 with every change of the posterior (update, restore, reset); snapshots are
    /// named by it.
    private(set) var version: Int
    /// The (epoch, seq) of the newest batch this posterior has seen, nil before the first.
    private(set) var position: BatchPosition?
    private(set) var metrics: PrequentialMetrics
    private(set) var drift: AdaptiveForgetting
    private(set) var sensitivity: SensitivityMonitor
    private(set) var batchesSinceSnapshot = 0

    /// What one batch did.
    struct Outcome: Sendable {
        var predictive: Predictive
        var learned = false
        /// Why the model refused to learn a valid batch (its posterior is unchanged).
        var refusal: String?
        var drift: DriftEvent?
        var sensitive: [Sensitivity] = []
    }

    struct DriftEvent: Sendable, Equatable {
        var statistic: Double
        var threshold: Double
        /// The forgetting factor the batch was learned with, when the detector drives forgetting.
        var forgetting: Double?
    }

    init(config: ModelConfig) throws {
        self.config = config
        model = try Model(spec: config.spec)
        version = 1  // the prior
        metrics = PrequentialMetrics()
        drift = config.adaptive
        sensitivity = config.sensitivityMonitor
    }

    /// A session resumed from a snapshot (the stored model adopts the configured hyperparameters).
    init(config: ModelConfig, snapshot: SessionSnapshot) throws {
        self.config = config
        model = try snapshot.model.reconfigured(to: config.spec)
        version = snapshot.state.version
        position = snapshot.state.position
        metrics = snapshot.state.metrics
        drift = snapshot.state.drift
        sensitivity = snapshot.state.sensitivity
    }

    /// True when the posterior already includes the batch at `position` (a replay after a restart).
    func hasSeen(_ p: BatchPosition) -> Bool { position.map { p <= $0 } ?? false }

    var snapshotDue: Bool { batchesSinceSnapshot >= config.snapshotEvery }

    /// Predict, score, then learn (when labelled).
    mutating func process(_ batch: Batch, at p: BatchPosition) throws -> Outcome {
        let (predictive, sensitivities) = try model.predictionAndSensitivities(batch)
        var outcome = Outcome(predictive: predictive)
        position = p
        batchesSinceSnapshot += 1
        guard let y = batch.y, batch.count > 0 else { return outcome }
        let surprise = metrics.record(outcome.predictive, labels: y)
        let step = drift.step(surprise: surprise.reduce(0, +) / Double(surprise.count), batchSize: batch.count)
        let alpha: Double? = config.forgetting == .adaptive ? step.alpha : nil
        if step.alarm {
            outcome.drift = DriftEvent(statistic: step.statistic, threshold: drift.detector.threshold, forgetting: alpha)
        }
        outcome.sensitive = sensitivity.flag(sensitivities)
        do {
            model = try model.updated(with: batch, forgetting: alpha)
            version += 1
            outcome.learned = true
        } catch let error as InferenceError {
            outcome.refusal = error.description
        }
        return outcome
    }

    /// The state to persist now.
    mutating func snapshot() -> SessionSnapshot {
        batchesSinceSnapshot = 0
        return SessionSnapshot(model: model, state: .init(
            version: version, position: position, metrics: metrics, drift: drift, sensitivity: sensitivity))
    }

    /// The posterior becomes a stored one (recorded as a new version); the stream position is kept.
    mutating func restore(_ stored: Model) throws {
        model = try stored.reconfigured(to: config.spec)
        version += 1
        batchesSinceSnapshot = config.snapshotEvery
    }

    /// Back to the configured prior (a new version); the stream position, metrics and detectors are kept.
    mutating func reset() throws {
        model = try Model(spec: config.spec)
        version += 1
        batchesSinceSnapshot = config.snapshotEvery
    }
}
