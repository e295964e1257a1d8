import Inference

/// One model of the demo, learning its stream prequentially: predict the batch, score the prediction, then
/// update. Scores are kept for the current reporting window and for the stream before and after the change.
struct DemoLearner {
    let name: String
    let stream: SyntheticKind
    private(set) var model: Model
    private(set) var window = PrequentialMetrics()
    private(set) var lastWindow = PrequentialMetrics()
    private(set) var beforeChange = PrequentialMetrics()
    private(set) var afterChange = PrequentialMetrics()
    /// Time spent in `Model.update(with:)` and in `Model.predict(_:)`.
    private(set) var updateTime: Duration = .zero
    private(set) var predictTime: Duration = .zero
    /// Batches whose prediction or update threw (the model is left as it was), and the last error.
    private(set) var failures = 0
    private(set) var lastError: String?

    init(name: String, stream: SyntheticKind, spec: ModelSpec) throws {
        self.name = name
        self.stream = stream
        model = try Model(spec: spec)
    }

    /// Predicts `batch`, scores it, then learns from it.
    mutating func step(_ batch: Batch, afterChange changed: Bool) {
        let clock = ContinuousClock()
        do {
            var predictive: Predictive?
            predictTime += try clock.measure { predictive = try model.predict(batch.x) }
            if let predictive, let y = batch.y {
                window.record(predictive, labels: y)
                if changed {
                    afterChange.record(predictive, labels: y)
                } else {
                    beforeChange.record(predictive, labels: y)
                }
            }
            updateTime += try clock.measure { try model.update(with: batch) }
        } catch {
            failures += 1
            lastError = "\(error)"
        }
    }

    /// Closes the reporting window: its scores move to `lastWindow` and a fresh window starts.
    mutating func closeWindow() {
        lastWindow = window
        window = PrequentialMetrics()
    }

    /// The names of the two headline scores of this learner's task.
    var scoreNames: (String, String) { stream == .regression ? ("rmse", "nll") : ("acc", "log-loss") }

    /// The two headline scores of `metrics`: RMSE and Gaussian NLL, or accuracy and log-loss.
    func scores(_ metrics: PrequentialMetrics) -> (Double?, Double?) {
        stream == .regression ? (metrics.rmse, metrics.nll) : (metrics.accuracy, metrics.logLoss)
    }

    /// `rmse 0.512  nll 0.731` (or `acc …  log-loss …`) for `metrics`.
    func describe(_ metrics: PrequentialMetrics) -> String {
        let (a, b) = scores(metrics)
        let (na, nb) = scoreNames
        return "\(Format.pad(na, 4)) \(Format.fixed(a))  \(nb) \(Format.fixed(b))"
    }

    /// `0.512 / 0.731` for `metrics`.
    func pair(_ metrics: PrequentialMetrics) -> String {
        let (a, b) = scores(metrics)
        return "\(Format.fixed(a)) / \(Format.fixed(b))"
    }

    /// Mean time per update, in microseconds.
    var microsecondsPerUpdate: Double {
        model.batchesSeen > 0 ? Format.seconds(updateTime) * 1e6 / Double(model.batchesSeen) : 0
    }

    /// The demo's models: on the regression stream conjugate (α = 0.99), Laplace full (no forgetting), IVON
    /// and VOGN; on the classification stream Laplace full, IVON and VOGN. All linear with bias, default
    /// hyperparameters.
    static func lineup(features d: Int) throws -> [DemoLearner] {
        let gaussian = Likelihood.gaussian(noiseVariance: SyntheticTask.noiseVariance)
        var learners: [DemoLearner] = []
        for (stream, likelihood) in [(SyntheticKind.regression, gaussian), (.classification, .bernoulli)] {
            if stream == .regression {
                let spec = ModelSpec(
                    features: d, likelihood: likelihood, posterior: .full, rule: .conjugate, forgetting: 0.99)
                learners.append(try DemoLearner(name: "conjugate full α=0.99", stream: stream, spec: spec))
            }
            let laplace = ModelSpec(features: d, likelihood: likelihood, posterior: .full, rule: .laplace)
            learners.append(try DemoLearner(name: "laplace full α=1", stream: stream, spec: laplace))
            for rule in [Rule.ivon, .vogn] {
                let spec = ModelSpec(features: d, likelihood: likelihood, posterior: .diagonal, rule: rule)
                learners.append(try DemoLearner(name: "\(rule.rawValue) diagonal α=1", stream: stream, spec: spec))
            }
        }
        return learners
    }
}
