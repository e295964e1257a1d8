import Foundation
import Testing
@testable import Inference

/// Memory-perturbation sensitivities checked against the exact conjugate update.
@Suite struct SensitivityTests {
    /// For a Gaussian linear model, learning (xᵢ, yᵢ) alone moves the predictive mean at xᵢ by exactly
    /// vᵢ(yᵢ − μᵢ)/(σ² + vᵢ); the memory-perturbation deviation is the first-order term vᵢ(yᵢ − μᵢ)/σ², so the
    /// two agree to a relative vᵢ/σ² (checked to 1e-9 after removing that factor).
    @Test func deviationIsTheFirstOrderExactChange() throws {
        let d = 3, s2 = 0.5
        let data = Fixtures.linearGaussian(n: 40, d: d, noise: s2, seed: 8)
        var model = try Model(
            spec: ModelSpec(
                features: d, likelihood: .gaussian(noiseVariance: s2), posterior: .full, rule: .conjugate,
                standardize: false))
        try model.update(with: try Batch(x: Array(data.x[0..<(30 * d)]), y: Array(data.y[0..<30]), features: d))
        for i in 30..<40 {
            let one = try Batch(x: Array(data.x[(i * d)..<((i + 1) * d)]), y: [data.y[i] + 3], features: d)
            let s = try model.sensitivities(one)[0]
            guard case .gaussian(let before, _, _) = try model.predict(one.x),
                case .gaussian(let after, _, _) = try model.updated(with: one).predict(one.x)
            else { Issue.record("not gaussian"); return }
            let exact = after[0] - before[0]
            // e = ∂ℓ/∂f = (μ − y)/σ², so the change is −e·v·σ²/(σ² + v).
            #expect(abs(exact - (-s.error * s.variance * s2 / (s2 + s.variance))) < 1e-9 * max(abs(exact), 1e-3))
            #expect(abs(s.deviation - abs(s.error) * s.variance) < 1e-15)
        }
    }

    @Test func anOutlierIsTheMostSensitiveExample() throws {
        let d = 2
        let data = Fixtures.logistic(n: 300, d: d, scale: 3, seed: 5)
        var model = try Model(
            spec: ModelSpec(features: d, likelihood: .bernoulli, posterior: .full, rule: .laplace, standardize: false))
        try model.update(with: try Batch(x: Array(data.x[0..<(200 * d)]), y: Array(data.y[0..<200]), features: d))
        // A far-away point with the label the model finds least likely.
        var x = Array(data.x[(200 * d)..<(220 * d)])
        var y = Array(data.y[200..<220])
        x[0] = 6; x[1] = 6
        guard case .probabilities(let p, 2) = try model.predict(Array(x[0..<2])) else { return }
        y[0] = p[1] > 0.5 ? 0 : 1
        let s = try model.sensitivities(try Batch(x: x, y: y, features: d))
        #expect(s.max { $0.deviation < $1.deviation }?.index == 0)
    }
}

/// The shared computation gives exactly what the separate calls give.
@Suite struct PredictionAndSensitivitiesTests {
    @Test(arguments: RuleConformanceTests.specs)
    func sharedEqualsSeparate(spec: ModelSpec) throws {
        let model = try RuleConformanceTests.trained(spec)
        let batch = try RuleConformanceTests.batch(for: spec, n: 9, seed: 77)
        let (predictive, sensitivities) = try model.predictionAndSensitivities(batch)
        #expect(predictive == (try model.predict(batch.x)))
        #expect(sensitivities == (try model.sensitivities(batch)))
        #expect(
            try model.predictionAndSensitivities(try Batch(x: batch.x, features: spec.features)).sensitivities.isEmpty)
    }
}
