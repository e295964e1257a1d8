import Foundation
import Testing
@testable import Inference

/// Prequential scores on hand-computed cases, with the conventions of the shared metrics.py.
@Suite struct MetricsTests {
    @Test func binaryScores() {
        var metrics = PrequentialMetrics()
        // P(y=1) = 0.9, 0.2, 0.6, 0.5 for labels 1, 0, 0, 1.
        let p1 = [0.9, 0.2, 0.6, 0.5]
        metrics.record(.probabilities(p1.flatMap { [1 - $0, $0] }, classes: 2), labels: [1, 0, 0, 1])
        // argmax with ties to the lowest class: 1, 0, 1, 0 → correct, correct, wrong, wrong.
        #expect(metrics.accuracy == 0.5)
        let logs: [Double] = [log(0.9), log(0.8), log(0.4), log(0.5)]
        let logLoss = -logs.reduce(0, +) / 4
        #expect(abs(metrics.logLoss! - logLoss) < 1e-15)
        let brier: Double = (0.01 + 0.04 + 0.36 + 0.25) / 4
        #expect(abs(metrics.brier! - brier) < 1e-15)
        // confidences 0.9 (bin 13, hit), 0.8 (bin 12, hit), 0.6 (bin 9, miss), 0.5 (bin 7, miss)
        let gaps: [Double] = [0.1, 0.2, 0.6, 0.5]
        let ece = gaps.reduce(0, +) / 4
        #expect(abs(metrics.ece! - ece) < 1e-15)
        #expect(metrics.rmse == nil)
    }

    @Test func multiclassBrierUsesTheFullForm() {
        var metrics = PrequentialMetrics()
        metrics.record(.probabilities([0.7, 0.2, 0.1], classes: 3), labels: [1])
        #expect(abs(metrics.brier! - (0.49 + 0.64 + 0.01)) < 1e-15)
        #expect(metrics.accuracy == 0)
    }

    @Test func probabilitiesAreClippedInTheLogLoss() {
        var metrics = PrequentialMetrics()
        metrics.record(.probabilities([1, 0], classes: 2), labels: [1])
        #expect(abs(metrics.logLoss! - -log(1e-15)) < 1e-9)
    }

    @Test func regressionScores() {
        var metrics = PrequentialMetrics()
        metrics.record(.gaussian(mean: [0, 1], variance: [1, 4]), labels: [1, 5])
        #expect(abs(metrics.rmse! - sqrt(8.5)) < 1e-15)
        let first: Double = 0.5 * log(2 * Double.pi) + 0.5
        let second: Double = 0.5 * log(8 * Double.pi) + 0.5 * 16 / 4
        let nll = (first + second) / 2
        #expect(abs(metrics.nll! - nll) < 1e-14)
        // |1 − 0| ≤ 1.645·1 is inside the 90 % interval; |5 − 1| = 4 > 1.645·2 is not.
        #expect(metrics.picp90 == 0.5)
    }
}
