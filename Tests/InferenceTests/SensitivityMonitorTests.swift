import Foundation
import Testing
@testable import Inference

/// The monitor's test: tail probabilities against closed forms, the batch level within its budget, and the
/// snapshot JSON of the monitor before the tail test.
@Suite struct SensitivityMonitorTests {
    /// Student-t tails by the incomplete beta against the closed forms at ν = 1 (Cauchy: 1 − 2 atan(t)/π) and
    /// ν = 2 (1 − t/√(2 + t²)), to 1e-12.
    @Test(arguments: [0.1, 1, 3, 30])
    func studentTailsMatchClosedForms(t: Double) {
        let cauchy = IncompleteBeta.regularized(1 / (1 + t * t), a: 0.5, b: 0.5)
        #expect(abs(cauchy - (1 - 2 * atan(t) / .pi)) < 1e-12)
        let two = IncompleteBeta.regularized(2 / (2 + t * t), a: 1, b: 0.5)
        #expect(abs(two - (1 - t / (2 + t * t).squareRoot())) < 1e-12)
    }

    @Test func tailsOfEachPredictive() {
        let gaussian = Predictive.gaussian(mean: [0], variance: [4]).tailProbabilities(labels: [-4])
        #expect(abs(gaussian[0] - erfc(2 / 2.0.squareRoot())) < 1e-15)  // 2 sd: 0.0455
        let probs = Predictive.probabilities([0.7, 0.2, 0.1, 0.7, 0.2, 0.1, 0.7, 0.2, 0.1], classes: 3)
        #expect(probs.tailProbabilities(labels: [1, 2, 0]).map { ($0 * 1e12).rounded() / 1e12 } == [0.3, 0.1, 1])
        #expect(probs.attainableTails?.first == [0.1, 0.1 + 0.2])
        // Poisson(2): p(0) = p(3)·… — the counts no more probable than 6 carry P(Y ≥ 6) ≈ 0.01656.
        let poisson = Predictive.poisson(rate: [2], variance: [2]).tailProbabilities(labels: [6])
        #expect(abs(poisson[0] - 0.016563608) < 1e-8)
    }

    /// A continuous label costs t, so a batch of them is tested at α; class labels cost only what their least
    /// likely class can reach.
    @Test func theLevelSpendsTheBudgetWhereALabelCanBeImplausible() {
        let continuous = (0..<64).map { Sensitivity(index: $0, deviation: 1, error: 1, variance: 1, tail: 0.5) }
        #expect(abs(SensitivityMonitor.level(continuous, budget: 64 * 5e-5) - 5e-5) < 1e-18)
        var rows = (0..<64).map {
            Sensitivity(index: $0, deviation: 1, error: 1, variance: 1, tail: 1, attainable: [0.3])
        }
        rows[5] = Sensitivity(index: 5, deviation: 1, error: 1, variance: 1, tail: 0.004, attainable: [0.004])
        // Only row 5 can reach a level below 0.3: it alone spends the budget.
        #expect(SensitivityMonitor.level(rows, budget: 0.0032) < 0.004)
        #expect(SensitivityMonitor.level(rows, budget: 0.0064) >= 0.004)
        var monitor = SensitivityMonitor(rate: 1e-4, warmup: 0)
        #expect(monitor.flag(rows).flagged.map(\.index) == [5])
        #expect(SensitivityMonitor(rate: 5e-5, warmup: 0).test(rows).isEmpty)
    }

    /// A monitor stored before the tail test (`threshold`, `baseline`) decodes: its state is kept, the rate is the
    /// default, and the configured settings replace the stored ones on resume.
    @Test func theMonitorBeforeTheTailTestDecodes() throws {
        let old = #"{"baseline":0.25,"baselineRate":0.05,"limit":10,"observed":42,"threshold":10,"warmup":10}"#
        let monitor = try JSONDecoder().decode(SensitivityMonitor.self, from: Data(old.utf8))
        #expect(monitor.observed == 42 && monitor.typical == 0.25 && monitor.rate == SensitivityMonitor.defaultRate)
        let resumed = monitor.adopting(settingsOf: SensitivityMonitor(rate: 1e-3, limit: 3))
        #expect(resumed.rate == 1e-3 && resumed.limit == 3 && resumed.observed == 42)
        let again = try JSONDecoder().decode(SensitivityMonitor.self, from: try JSONEncoder().encode(resumed))
        #expect(again == resumed)
    }
}
