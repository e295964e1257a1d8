import Foundation
@testable import Inference

/// A stationary stream with a known 1 % of corrupted examples, run through a learner prequentially (predict,
/// test, learn), to measure what sensitivity alerts point at: precision and recall against the corrupted
/// indices, beside flagging the same number of examples by the largest published loss.
struct SensitivityMeasurement {
    enum Task: String { case classification, regression }

    let task: Task
    let d = 10
    let x: [Double]
    let y: [Double]
    /// The corrupted example indices.
    let corrupted: Set<Int>

    /// Classification: x ~ N(0, I), y ~ Bernoulli(σ(w·x + 0.3)) with |w| = `scale`, then 1 % of labels flipped.
    /// Regression: y = w·x + 0.5 + N(0, 1) with w ~ N(0, I), then 1 % of targets shifted by +5σ.
    init(_ task: Task, count n: Int, corruption: Double = 0.01, scale: Double = 8, seed: UInt64) {
        self.task = task
        let d = self.d
        var rng = Xoshiro256(seed: seed)
        var w = [Double](repeating: 0, count: d)
        rng.fillStandardNormal(&w)
        if task == .classification {
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            w = w.map { $0 * scale / norm }
        }
        var x = [Double](repeating: 0, count: n * d)
        rng.fillStandardNormal(&x)
        var noise = [Double](repeating: 0, count: n)
        rng.fillStandardNormal(&noise)
        var y = [Double](repeating: 0, count: n)
        var corrupted = Set<Int>()
        for i in 0..<n {
            let f = (0..<d).reduce(task == .classification ? 0.3 : 0.5) { $0 + x[i * d + $1] * w[$1] }
            switch task {
            case .classification: y[i] = rng.nextOpenUnit() < 1 / (1 + exp(-f)) ? 1 : 0
            case .regression: y[i] = f + noise[i]
            }
            if rng.nextOpenUnit() < corruption {
                corrupted.insert(i)
                y[i] = task == .classification ? 1 - y[i] : y[i] + 5
            }
        }
        self.x = x
        self.y = y
        self.corrupted = corrupted
    }

    var likelihood: Likelihood { task == .classification ? .bernoulli : .gaussian(noiseVariance: 1) }

    /// The default model (`auto`, as a `[[model]]` with only a name and a stream configures it).
    func automatic() throws -> Learner { try Learner.automatic(features: d, likelihood: likelihood) }

    /// A single rule as the daemon configures it by default: laplace (classification) or conjugate with a learned
    /// noise (regression), full covariance, calibrated, a memory of 2000 examples and alarms that act.
    func singleRule() throws -> Learner {
        let rule: Rule = task == .classification ? .laplace : .conjugate
        let spec = ModelSpec(
            features: d, likelihood: likelihood, posterior: .full, rule: rule,
            noise: task == .regression ? NoisePrior() : nil,
            hyperparameters: Hyperparameters.defaults(for: rule, likelihood: likelihood))
        return try Learner(
            members: [Member(name: rule.rawValue, spec: spec, forgetting: .memory(Learner.defaultMemory))],
            drift: DriftResponse(acts: true))
    }

    struct Result {
        var examples = 0
        /// Examples after the monitor's warm-up (the ones it tests).
        var tested = 0
        var alerts: [Int] = []
        /// Alerts of the rule before the tail test: deviation > 10 × the EMA of the batches' mean deviation.
        var oldAlerts: [Int] = []
        /// (index, −log p(y) under the published predictive) of the tested examples.
        var losses: [(Int, Double)] = []

        func score(_ flagged: [Int], _ truth: Set<Int>) -> (precision: Double, recall: Double) {
            let hits = flagged.filter { truth.contains($0) }.count
            let relevant = truth.filter { i in losses.contains { $0.0 == i } }.count
            return (
                flagged.isEmpty ? 1 : Double(hits) / Double(flagged.count),
                relevant == 0 ? 1 : Double(hits) / Double(relevant)
            )
        }

        /// The same number of examples as `count`, by the largest loss.
        func byLoss(_ count: Int) -> [Int] { losses.sorted { $0.1 > $1.1 }.prefix(count).map(\.0) }

        /// Alerts per 10 000 tested examples.
        var alertsPer10k: Double { 1e4 * Double(alerts.count) / Double(max(tested, 1)) }
    }

    func run(
        _ learner: Learner, monitor: SensitivityMonitor = SensitivityMonitor(), batchSize: Int = 64,
        quarantine: Bool = false
    ) throws -> Result {
        var learner = learner
        var monitor = monitor
        var result = Result()
        var oldObserved = 0, oldBaseline = 0.0
        let n = y.count
        for start in stride(from: 0, to: n, by: batchSize) {
            let end = min(start + batchSize, n)
            let batch = try Batch(x: Array(x[(start * d)..<(end * d)]), y: Array(y[start..<end]), features: d)
            let prediction = try learner.predict(batch)
            let s = prediction.sensitivities
            let tested = monitor.observed >= monitor.warmup
            let finding = monitor.flag(s)
            result.alerts += finding.flagged.map { start + $0.index }
            // The rule this replaces, for comparison (SensitivityMonitor before the tail test).
            let mean = s.reduce(0) { $0 + $1.deviation } / Double(s.count)
            if oldObserved >= 10, oldBaseline > 0 {
                result.oldAlerts += s.filter { $0.deviation > 10 * oldBaseline }.sorted { $0.deviation > $1.deviation }
                    .prefix(10).map { start + $0.index }
            }
            oldBaseline = oldObserved == 0 ? mean : oldBaseline + 0.05 * (mean - oldBaseline)
            oldObserved += 1
            if tested {
                result.tested += batch.count
                let loss = prediction.published.surprise(labels: batch.y!)
                result.losses += loss.enumerated().map { (start + $0.offset, $0.element) }
            }
            let held = quarantine ? Set(finding.flagged.map(\.index)) : []
            _ = learner.learn(batch, after: prediction, holdingOut: held)
            result.examples += batch.count
        }
        return result
    }
}
