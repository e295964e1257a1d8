import Foundation
import Testing
@testable import Inference

/// The CUSUM on surprise changes: fires on a change of the level, not on a high but steady level.
@Suite struct DriftDetectorTests {
    static func noise(_ count: Int, seed: UInt64) -> [Double] {
        var rng = Xoshiro256(seed: seed)
        var z = [Double](repeating: 0, count: count)
        rng.fillStandardNormal(&z)
        return z
    }

    @Test func aSteadyNoisySurpriseNeverFires() {
        // 20 000 batches at a high level (a misspecified model): level 3, spread 0.2.
        var detector = DriftDetector()
        let alarms = Self.noise(20_000, seed: 1).map { detector.observe(3 + 0.2 * $0) }.filter { $0 }.count
        #expect(alarms == 0)
    }

    @Test func aStepUpFiresWithinThreeBatches() {
        var detector = DriftDetector()
        let z = Self.noise(600, seed: 2)
        var fired: [Int] = []
        for t in 0..<600 where detector.observe((t < 500 ? 1 : 2) + 0.1 * z[t]) { fired.append(t) }
        #expect(fired.first.map { $0 >= 500 && $0 <= 502 } ?? false, "fired at \(fired)")
        #expect(fired.count == 1)
    }

    @Test func aDecreasingSurpriseDoesNotFire() {
        // Learning: surprise falls from 5 to 1.
        var detector = DriftDetector()
        let alarms = (0..<2000).map { detector.observe(1 + 4 * exp(-Double($0) / 100)) }.filter { $0 }.count
        #expect(alarms == 0)
    }

    @Test func adaptiveForgettingOnAConceptSwitch() throws {
        // Linear-Gaussian stream whose weights are redrawn at example 6400 (batch 100 of 64).
        let d = 5, s2 = 0.25
        let first = Fixtures.linearGaussian(n: 6400, d: d, noise: s2, seed: 31)
        let second = Fixtures.linearGaussian(n: 6400, d: d, noise: s2, seed: 32)
        let spec = ModelSpec(features: d, likelihood: .gaussian(noiseVariance: s2), posterior: .full, rule: .conjugate)
        var adaptive = try Learner(
            members: [Member(name: "m", spec: spec, calibrated: false)], drift: DriftResponse(acts: true))
        var plain = try Model(spec: spec)
        var alarms: [Int] = []
        var afterAdaptive = PrequentialMetrics(), afterPlain = PrequentialMetrics()
        for t in 0..<200 {
            let data = t < 100 ? first : second
            let r = ((t % 100) * 64)..<((t % 100 + 1) * 64)
            let batch = try Batch(
                x: Array(data.x[(r.lowerBound * d)..<(r.upperBound * d)]), y: Array(data.y[r]), features: d)
            let predicted = try adaptive.predict(batch)
            if t >= 100 {
                afterAdaptive.record(predicted.published, labels: batch.y!)
                afterPlain.record(try plain.predict(batch.x), labels: batch.y!)
            }
            let step = adaptive.learn(batch, after: predicted)
            if step.alarm { alarms.append(t) }
            #expect(step.learned)
            try plain.update(with: batch)
        }
        #expect(alarms == [100])
        // After the switch the adaptive model is back near the noise floor (NLL of N(0, 0.25) is 0.73);
        // the model without forgetting stays several times worse.
        #expect(afterAdaptive.nll! < 1.0)
        #expect(afterPlain.nll! > 3 * afterAdaptive.nll!)
    }
}
