import Foundation
import Testing
@testable import Inference

/// Finite but absurd inputs never crash a learner, never publish a NaN and never poison its weights; a change inside
/// a batch is learned from where it happened.
@Suite struct LearnerRobustnessTests {
    static func batch(_ rng: inout Xoshiro256, d: Int, n: Int, classes: Int?, outlier: Double? = nil) throws -> Batch {
        var x = [Double](repeating: 0, count: n * d)
        rng.fillStandardNormal(&x)
        if let outlier { x[0] = outlier }
        let y: [Double] = (0..<n).map { i in
            guard let k = classes else { return 2 * x[i * d] - x[i * d + 1] + 0.1 }
            return min(Double(k - 1), max(0, ((x[i * d] + 1.5) * Double(k) / 3).rounded(.down)))
        }
        return try Batch(x: x, y: y, features: d)
    }

    /// One row at 1e200, 3.4e38 (FLT_MAX, a common sentinel) or 1e160 after ten ordinary batches: the batch is
    /// predicted or refused with an error, never a crash; every later prediction of ordinary rows is finite and
    /// the weights stay finite.
    @Test(
        arguments: [Likelihood.bernoulli, .categorical(classes: 3), .gaussian(noiseVariance: 1)],
        [1e200, 3.4e38, 1e160])
    func anOutlierNeitherCrashesNorPoisons(likelihood: Likelihood, outlier: Double) throws {
        let d = 3
        var learner = try Learner.automatic(features: d, likelihood: likelihood)
        var rng = Xoshiro256(seed: 1)
        let classes = likelihood.classes
        for t in 0..<14 {
            let b = try Self.batch(&rng, d: d, n: 32, classes: classes, outlier: t == 10 ? outlier : nil)
            do {
                let prediction = try learner.predict(b)
                #expect(prediction.published.isFinite)
                _ = learner.learn(b, after: prediction)
            } catch let error as InferenceError {
                #expect(t == 10, "only the outlier's batch may fail: \(error)")
            }
            let weightsFinite = learner.logWeights.allSatisfy { $0.isFinite }
            #expect(weightsFinite)
        }
        let probe = try Self.batch(&rng, d: d, n: 8, classes: classes)
        let after = try learner.predict(probe.x)
        #expect(after.isFinite)
        let decoded = try Learner(encoded: learner.encoded())
        #expect(decoded == learner)
    }

    /// A linear-Gaussian stream whose weights switch 40 rows into batch 100: the alarm fires on that batch, the
    /// change is located at row 40 (± 3), and only the rows from there on are learned after the forgetting.
    @Test func aChangeInsideABatchIsLearnedFromWhereItHappened() throws {
        let d = 4
        let first = Fixtures.linearGaussian(n: 8000, d: d, noise: 0.25, seed: 41)
        let second = Fixtures.linearGaussian(n: 8000, d: d, noise: 0.25, seed: 42)
        let spec = ModelSpec(
            features: d, likelihood: .gaussian(noiseVariance: 1), rule: .conjugate, noise: NoisePrior())
        var learner = try Learner(
            members: [Member(name: "m", spec: spec, calibrated: false)], drift: DriftResponse(acts: true))
        var alarms: [(batch: Int, at: [Int])] = []
        for t in 0..<120 {
            var x: [Double] = [], y: [Double] = []
            for i in (t * 64)..<((t + 1) * 64) {
                let source = i < 100 * 64 + 40 ? first : second
                x += Array(source.x[(i * d)..<((i + 1) * d)])
                y.append(source.y[i])
            }
            let batch = try Batch(x: x, y: y, features: d)
            let before = learner.members[0].model.examplesSeen
            let outcome = learner.learn(batch, after: try learner.predict(batch))
            if outcome.alarm {
                alarms.append((t, outcome.changeAt))
                #expect(learner.members[0].model.examplesSeen - before == 64 - outcome.changeAt[0])
            }
        }
        #expect(alarms.map(\.batch) == [100])
        #expect(abs((alarms.first?.at.first ?? -100) - 40) <= 3)
    }

    /// A false alarm (no change inside the batch) learns the whole batch: the split is taken only when the batch
    /// gains more than log n nats by it.
    @Test func withoutAChangeTheWholeBatchIsLearned() {
        var rng = Xoshiro256(seed: 2)
        let old = (0..<64).map { _ in 0.7 + 0.6 * rng.nextOpenUnit() }  // the old model fits every row
        let prior = (0..<64).map { _ in 2.5 + 0.2 * rng.nextOpenUnit() }
        #expect(ChangePoint.locate(old: old, prior: prior) == 0)
    }
}
