import Foundation
import Testing
@testable import Inference

/// What-if removal: the conjugate downdate against a refit without the rows (closed form), and the
/// memory-perturbation estimate against brute-force refits.
@Suite struct RemovalTests {
    static let d = 3

    /// Rows `range` of (x, y), skipping `removed`.
    static func batch(_ x: [Double], _ y: [Double], _ range: Range<Int>, without removed: Set<Int> = []) throws -> Batch
    {
        let kept = range.filter { !removed.contains($0) }
        return try Batch(x: kept.flatMap { Array(x[($0 * d)..<(($0 + 1) * d)]) }, y: kept.map { y[$0] }, features: d)
    }

    /// The model after learning (x, y) in batches of 10, skipping `removed`.
    static func fit(_ spec: ModelSpec, _ x: [Double], _ y: [Double], without removed: Set<Int> = []) throws -> Model {
        var model = try Model(spec: spec)
        for start in stride(from: 0, to: y.count, by: 10) {
            try model.update(with: try batch(x, y, start..<min(start + 10, y.count), without: removed))
        }
        return model
    }

    static func gaussianMoments(_ model: Model, _ x: [Double]) throws -> (
        mean: [Double], variance: [Double], dof: Double?
    ) {
        guard case .gaussian(let mean, let variance, let dof) = try model.predict(x) else {
            throw InferenceError.unsupported("not gaussian")
        }
        return (mean, variance, dof)
    }

    /// Known noise, raw coordinates: the downdated posterior is the refit's — and the normal equations' — to
    /// 1e-9 in mean and precision, whichever batches the removed rows were in.
    @Test func conjugateDowndateEqualsTheRefit() throws {
        let s2 = 0.3
        let data = Fixtures.linearGaussian(n: 60, d: Self.d, noise: s2, seed: 41)
        let spec = ModelSpec(
            features: Self.d, likelihood: .gaussian(noiseVariance: s2), rule: .conjugate, standardize: false)
        let removed: Set<Int> = [0, 7, 13, 22, 23, 41, 59]
        let model = try Self.fit(spec, data.x, data.y)
        let (after, method) = try model.removing(
            try Self.batch(data.x, data.y, 0..<60).rowsOnly(removed), exactAllowed: true)
        let refit = try Self.fit(spec, data.x, data.y, without: removed)
        #expect(method == .exact)
        #expect(Fixtures.relativeError(after.posterior.mean, refit.posterior.mean) < 1e-9)
        #expect(Fixtures.relativeError(after.posterior.publishedPrecision, refit.posterior.publishedPrecision) < 1e-9)
        let kept = (0..<60).filter { !removed.contains($0) }
        let rows = Fixtures.design(kept.flatMap { Array(data.x[($0 * Self.d)..<(($0 + 1) * Self.d)]) }, d: Self.d)
        let exact = Fixtures.normalEquations(rows: rows, y: kept.map { data.y[$0] }, noise: s2, priorPrecision: 1)
        #expect(Fixtures.relativeError(after.posterior.mean, exact.mean) < 1e-9)
        #expect(after.examplesSeen == 60 - removed.count)
    }

    /// Online standardisation, known or learned noise: the coordinates differ from a refit's (the statistics
    /// keep the removed rows) but the predictive — mean, variance, Student-t degrees of freedom — is the refit's
    /// to 1e-9, for rows outside the first batch (which states the prior's scale).
    @Test(arguments: [false, true])
    func standardisedDowndatePredictsLikeTheRefit(learnedNoise: Bool) throws {
        let data = Fixtures.linearGaussian(n: 60, d: Self.d, noise: 0.5, seed: 42)
        let x = data.x.enumerated().map { $0.offset % Self.d == 1 ? 40 + 9 * $0.element : $0.element }
        let y = data.y.map { 100 + 5 * $0 }
        let spec = ModelSpec(
            features: Self.d, likelihood: .gaussian(noiseVariance: learnedNoise ? 1 : 12), rule: .conjugate,
            noise: learnedNoise ? NoisePrior() : nil)
        let removed: Set<Int> = [10, 11, 25, 38, 52]
        let (after, method) = try Self.fit(spec, x, y).removing(
            try Self.batch(x, y, 0..<60).rowsOnly(removed), exactAllowed: true)
        let refit = try Self.fit(spec, x, y, without: removed)
        #expect(method == .exact)
        let probe = (0..<(8 * Self.d)).map { Double($0 % 5) * 3 - 4 + ($0 % Self.d == 1 ? 40 : 0) }
        let a = try Self.gaussianMoments(after, probe)
        let b = try Self.gaussianMoments(refit, probe)
        #expect(Fixtures.relativeError(a.mean, b.mean) < 1e-9)
        #expect(Fixtures.relativeError(a.variance, b.variance) < 1e-9)
        #expect(a.dof == b.dof)
    }

    /// Forgetting discounts old rows below their full site: the downdate is then reported as an estimate.
    @Test func forgettingIsNotExact() throws {
        let data = Fixtures.linearGaussian(n: 30, d: Self.d, noise: 0.5, seed: 43)
        let spec = ModelSpec(
            features: Self.d, likelihood: .gaussian(noiseVariance: 0.5), rule: .conjugate, forgetting: 0.99,
            standardize: false)
        let (_, method) = try Self.fit(spec, data.x, data.y).removing(
            try Self.batch(data.x, data.y, 25..<27), exactAllowed: true)
        #expect(method == .memoryPerturbation)
        let plain = ModelSpec(
            features: Self.d, likelihood: .gaussian(noiseVariance: 0.5), rule: .conjugate, standardize: false)
        let (_, refused) = try Self.fit(plain, data.x, data.y).removing(
            try Self.batch(data.x, data.y, 25..<27), exactAllowed: false)
        #expect(refused == .memoryPerturbation)
    }
}

extension Batch {
    /// Only rows `keep`, in order.
    func rowsOnly(_ keep: Set<Int>) throws -> Batch {
        let rows = (0..<count).filter { keep.contains($0) }
        return try Batch(
            x: rows.flatMap { Array(x[($0 * features)..<(($0 + 1) * features)]) }, y: y.map { y in rows.map { y[$0] } },
            features: features)
    }
}
