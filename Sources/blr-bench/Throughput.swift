import Inference

/// One measured cell of the throughput benchmark: a rule at one feature count and batch size.
struct ThroughputCell {
    let rule: BenchRule
    let features: Int
    let parameters: Int
    let batchSize: Int
    /// Timed updates (the warm-up is not counted).
    var updates = 0
    var elapsed: Duration = .zero
    /// Why the cell stopped early, if an update threw.
    var error: String?

    var samples: Int { updates * batchSize }
    var seconds: Double { Format.seconds(elapsed) }
    var samplesPerSecond: Double { seconds > 0 ? Double(samples) / seconds : 0 }
}

/// Times `Model.update(with:)` on a single thread.
enum Throughput {
    /// Updates a fresh model with the batches of `pool` (cycling) until `budget` has elapsed and at least
    /// `minimumUpdates` have run, after a warm-up of at least one update and up to a tenth of the budget
    /// (at most 0.1 s). The clock is read after every update; its cost (tens of nanoseconds) is included.
    static func measure(
        rule: BenchRule, features: Int, pool: [Batch], budget: Duration, minimumUpdates: Int = 3
    ) -> ThroughputCell {
        let spec = rule.spec(features: features)
        let batchSize = pool[0].count
        var cell = ThroughputCell(
            rule: rule, features: features, parameters: spec.architecture.parameterCount, batchSize: batchSize)
        let clock = ContinuousClock()
        do {
            var model = try Model(spec: spec)
            var next = 0
            let warmup = min(budget / 10, .milliseconds(100))
            let warmupStart = clock.now
            repeat {
                try model.update(with: pool[next])
                next = (next + 1) % pool.count
            } while clock.now - warmupStart < warmup

            let start = clock.now
            var now = start
            var updates = 0
            repeat {
                try model.update(with: pool[next])
                next = (next + 1) % pool.count
                updates += 1
                now = clock.now
            } while updates < minimumUpdates || now - start < budget
            cell.updates = updates
            cell.elapsed = now - start
        } catch {
            cell.error = "\(error)"
        }
        return cell
    }
}
