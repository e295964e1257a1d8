import Foundation
import Inference
import Testing
@testable import Daemon

/// `quarantine = true`: the examples the sensitivity monitor flags are predicted and reported, and the batch is
/// learned without them.
@Suite struct QuarantineTests {
    static let config = """
        [[stream]]
        name = "lin"
        connect = "tcp://127.0.0.1:5555"
        features = 3
        task = "regression"

        [[model]]
        name = "lin-auto"
        stream = "lin"
        quarantine = true
        sensitivity_rate = 1e-4

        """

    @Test func theConfigurationReadsQuarantineAndTheRate() throws {
        let model = try #require(try ConfigParser.parse(Self.config, file: "blrd.toml").models.first)
        #expect(model.quarantine && model.sensitivityMonitor.rate == 1e-4)
        let plain = try #require(
            try ConfigParser.parse(
                Self.config.replacingOccurrences(of: "quarantine = true\nsensitivity_rate = 1e-4\n", with: ""),
                file: "blrd.toml"
            ).models.first)
        #expect(!plain.quarantine && plain.sensitivityMonitor.rate == SensitivityMonitor.defaultRate)
        #expect(model.json["sensitivity"]?["quarantine"] == .bool(true))
    }

    /// y = x·w + N(0, 0.25) with row 7 of every batch after the tenth shifted by +50: each such row is flagged,
    /// reported as quarantined and scored, and the session learns the batch without it (`Learner.learn(_:after:
    /// holdingOut:)`, which SensitivityMeaningTests checks against a batch sent without those rows).
    @Test func flaggedRowsAreReportedAndNotLearned() throws {
        let model = try #require(try ConfigParser.parse(Self.config, file: "blrd.toml").models.first)
        var session = ModelSession(config: model)
        var rng = Xoshiro256(seed: 9)
        let w = [1.0, -2.0, 0.5]
        var quarantinedBatches = 0
        for seq in 0..<20 {
            var x = [Double](repeating: 0, count: 64 * 3)
            rng.fillStandardNormal(&x)
            var noise = [Double](repeating: 0, count: 64)
            rng.fillStandardNormal(&noise)
            var y = (0..<64).map { i in (0..<3).reduce(0.5) { $0 + x[i * 3 + $1] * w[$1] } + 0.5 * noise[i] }
            if seq >= 10 { y[7] += 50 }
            let batch = try Batch(x: x, y: y, features: 3)
            let before = session.learner
            let outcome = try session.process(batch, at: BatchPosition(epoch: 0, seq: UInt64(seq)))
            guard let finding = outcome.sensitive else {
                #expect(seq < 10, "batch \(seq): the shifted row was not flagged")
                continue
            }
            #expect(finding.flagged.contains { $0.index == 7 })
            #expect(outcome.quarantined && outcome.learned)
            if case .gaussian(let mean, _, _) = outcome.predictive { #expect(mean.count == 64) }
            var expected = before
            _ = expected.learn(batch, after: try expected.predict(batch), holdingOut: Set(finding.flagged.map(\.index)))
            #expect(session.learner == expected)
            var learnedAll = before
            _ = learnedAll.learn(batch, after: try learnedAll.predict(batch))
            #expect(session.learner != learnedAll)
            quarantinedBatches += 1
        }
        #expect(quarantinedBatches == 10)
        #expect(session.metrics.count == 20 * 64)
    }
}
