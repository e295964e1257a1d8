import Foundation
import Testing
@testable import Inference

/// Forgetting by natural-parameter mixing equals the batch posterior that weights batch t by α^(T−t).
@Suite struct ForgettingTests {
    @Test(arguments: [0.5, 0.9, 0.99])
    func fixedAlphaEqualsTheAgeWeightedBatchPosterior(alpha: Double) throws {
        let d = 4, s2 = 0.5, lambda = 1.5, size = 16, batches = 20
        let data = Fixtures.linearGaussian(n: size * batches, d: d, noise: s2, seed: 3)
        var model = try Model(
            spec: ModelSpec(
                features: d, likelihood: .gaussian(noiseVariance: s2), posterior: .full, rule: .conjugate,
                priorPrecision: lambda, forgetting: alpha, standardize: false))
        for t in 0..<batches {
            let r = (t * size)..<((t + 1) * size)
            try model.update(
                with: try Batch(
                    x: Array(data.x[(r.lowerBound * d)..<(r.upperBound * d)]), y: Array(data.y[r]), features: d))
        }
        let weights = (0..<(size * batches)).map { i in pow(alpha, Double(batches - 1 - i / size)) }
        let exact = Fixtures.normalEquations(
            rows: Fixtures.design(data.x, d: d), y: data.y, weights: weights, noise: s2, priorPrecision: lambda)
        #expect(Fixtures.relativeError(model.posterior.mean, exact.mean) < 1e-9)
        #expect(Fixtures.relativeError(model.precisionRows.flatMap { $0 }, exact.precision.flatMap { $0 }) < 1e-9)
    }

    @Test func aPerBatchAlphaOverridesTheSpec() throws {
        let d = 2
        let data = Fixtures.linearGaussian(n: 32, d: d, noise: 1, seed: 5)
        let batch = try Batch(x: data.x, y: data.y, features: d)
        let spec = ModelSpec(
            features: d, likelihood: .gaussian(noiseVariance: 1), posterior: .full, rule: .conjugate, standardize: false
        )
        let once = try Model(spec: spec).updated(with: batch)
        let forgotten = try once.updated(with: batch, forgetting: 0.5)
        let kept = try once.updated(with: batch)
        #expect(forgotten.posterior != kept.posterior)
        // α = 0.5 halves the first batch: P = λI + ½X̃ᵀX̃ + X̃ᵀX̃.
        let exact = Fixtures.normalEquations(
            rows: Fixtures.design(data.x + data.x, d: d), y: data.y + data.y,
            weights: [Double](repeating: 0.5, count: 32) + [Double](repeating: 1, count: 32), noise: 1,
            priorPrecision: 1)
        #expect(Fixtures.relativeError(forgotten.posterior.mean, exact.mean) < 1e-9)
    }

    @Test func diagonalForgettingMixesNaturalParameters() throws {
        let q = DiagonalGaussian(mean: [1, -2, 3], precision: [10, 4, 1])
        guard case .diagonal(let f) = try Forgetting.apply(0.8, to: .diagonal(q), priorPrecision: 2) else {
            Issue.record("form changed"); return
        }
        for j in 0..<3 {
            let s = 0.8 * q.precision[j] + 0.2 * 2
            #expect(abs(f.precision[j] - s) < 1e-15 * s)
            #expect(abs(f.mean[j] * f.precision[j] - 0.8 * q.precision[j] * q.mean[j]) < 1e-12)
        }
    }

    @Test func fadingKeepsTheMeanAndMixesThePrecision() {
        let q = DiagonalGaussian(mean: [1, -2, 3], precision: [10, 4, 1])
        let a = Double.exp(-64.0 / 1000)
        let f = Forgetting.fade(q, examples: 64, memory: 1000, priorPrecision: 2)
        #expect(f.mean == q.mean)
        for j in 0..<3 {
            let s = a * q.precision[j] + (1 - a) * 2
            #expect(abs(f.precision[j] - s) < 1e-15 * s)
        }
        #expect(Forgetting.fade(q, examples: 64, memory: .infinity, priorPrecision: 2) == q)
        #expect(Forgetting.fade(q, alpha: 1, priorPrecision: 2) == q)
    }
}
