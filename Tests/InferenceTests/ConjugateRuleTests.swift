import Testing
@testable import Inference

/// Exact conjugate Bayes: sequential updates in any batching equal one batch equal the normal equations.
@Suite struct ConjugateRuleTests {
    let d = 5
    let s2 = 0.3
    let lambda = 2.0
    let data = Fixtures.linearGaussian(n: 512, d: 5, noise: 0.3, seed: 11)

    func spec() -> ModelSpec {
        ModelSpec(
            features: d, likelihood: .gaussian(noiseVariance: s2), posterior: .full, rule: .conjugate,
            priorPrecision: lambda, standardize: false)
    }

    func learned(in sizes: [Int]) throws -> Model {
        var model = try Model(spec: spec())
        var at = 0
        var k = 0
        while at < data.y.count {
            let size = min(sizes[k % sizes.count], data.y.count - at)
            let batch = try Batch(
                x: Array(data.x[(at * d)..<((at + size) * d)]), y: Array(data.y[at..<(at + size)]), features: d)
            try model.update(with: batch)
            at += size
            k += 1
        }
        return model
    }

    @Test(arguments: [[1], [7], [64], [1, 7, 64, 3, 128], [512]])
    func sequentialBatchesEqualTheNormalEquations(sizes: [Int]) throws {
        let model = try learned(in: sizes)
        let exact = Fixtures.normalEquations(
            rows: Fixtures.design(data.x, d: d), y: data.y, noise: s2, priorPrecision: lambda)
        // Tolerance 1e-9 relative: the batchings differ only in floating-point summation order.
        #expect(Fixtures.relativeError(model.posterior.mean, exact.mean) < 1e-9)
        #expect(Fixtures.relativeError(model.precisionRows.flatMap { $0 }, exact.precision.flatMap { $0 }) < 1e-9)
    }

    @Test func oneBatchEqualsManyBatches() throws {
        let whole = try learned(in: [512])
        let single = try learned(in: [1])
        #expect(Fixtures.relativeError(single.posterior.mean, whole.posterior.mean) < 1e-9)
    }

    @Test func fullLaplaceOnAGaussianModelIsTheConjugateUpdate() throws {
        var laplace = try Model(
            spec: ModelSpec(
                features: d, likelihood: .gaussian(noiseVariance: s2), posterior: .full, rule: .laplace,
                priorPrecision: lambda, standardize: false))
        let conjugate = try learned(in: [64])
        for start in stride(from: 0, to: 512, by: 64) {
            try laplace.update(
                with: try Batch(
                    x: Array(data.x[(start * d)..<((start + 64) * d)]), y: Array(data.y[start..<(start + 64)]),
                    features: d))
        }
        #expect(Fixtures.relativeError(laplace.posterior.mean, conjugate.posterior.mean) < 1e-9)
        #expect(
            Fixtures.relativeError(laplace.precisionRows.flatMap { $0 }, conjugate.precisionRows.flatMap { $0 }) < 1e-9)
    }

    @Test func gaussianPredictiveIsNoisePlusXSigmaX() throws {
        let model = try learned(in: [64])
        let x = Array(data.x[0..<(3 * d)])
        guard case .gaussian(let mean, let variance, _) = try model.predict(x) else {
            Issue.record("not gaussian"); return
        }
        let sigma = Fixtures.inverse(model.precisionRows)
        for (i, row) in Fixtures.design(x, d: d).enumerated() {
            let m = zip(row, model.posterior.mean).reduce(0) { $0 + $1.0 * $1.1 }
            var q = 0.0
            for a in 0..<row.count { for b in 0..<row.count { q += row[a] * sigma[a][b] * row[b] } }
            #expect(abs(mean[i] - m) < 1e-12 * max(1, abs(m)))
            #expect(abs(variance[i] - (s2 + q)) < 1e-10)
        }
    }
}
