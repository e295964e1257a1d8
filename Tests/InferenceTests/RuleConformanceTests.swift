import Foundation
import Testing
@testable import Inference

/// The checks every rule passes (like river's `check_estimator`): an update never mutates its input; a model
/// survives encode → decode bit for bit and predicts identically; two copies with the same seed follow the
/// same trajectory; bad input is refused and leaves the posterior as it was.
@Suite struct RuleConformanceTests {
    static let specs: [ModelSpec] = [
        ModelSpec(
            features: 3, likelihood: .gaussian(noiseVariance: 0.5), posterior: .full, rule: .conjugate, forgetting: 0.95
        ),
        ModelSpec(features: 3, likelihood: .bernoulli, posterior: .full, rule: .laplace),
        ModelSpec(features: 3, likelihood: .categorical(classes: 3), posterior: .full, rule: .laplace),
        ModelSpec(features: 3, likelihood: .poisson, posterior: .diagonal, rule: .laplace),
        ModelSpec(features: 3, likelihood: .bernoulli, posterior: .diagonal, rule: .vogn),
        ModelSpec(features: 3, likelihood: .bernoulli, posterior: .diagonal, rule: .ivon),
        ModelSpec(features: 3, likelihood: .categorical(classes: 3), posterior: .diagonal, rule: .ivon),
        ModelSpec(
            features: 3, likelihood: .gaussian(noiseVariance: 1),
            network: .mlp(hidden: [8, 4], activation: .tanh, bias: true), posterior: .diagonal, rule: .ivon),
        ModelSpec(
            features: 3, likelihood: .bernoulli, network: .mlp(hidden: [6], activation: .relu, bias: true),
            posterior: .diagonal, rule: .vogn),
    ]

    static func batch(for spec: ModelSpec, n: Int = 24, seed: UInt64) throws -> Batch {
        var rng = Xoshiro256(seed: seed)
        var x = [Double](repeating: 0, count: n * spec.features)
        rng.fillStandardNormal(&x)
        let y: [Double] = (0..<n).map { i in
            let s = x[i * spec.features] - 0.5 * x[i * spec.features + 1]
            switch spec.likelihood {
            case .gaussian: return 2 * s + 0.1
            case .bernoulli: return s > 0 ? 1 : 0
            case .categorical(let k): return Double(abs(Int((s * 2).rounded())) % k)
            case .poisson: return Double(Int(exp(0.5 * s).rounded()))
            }
        }
        return try Batch(x: x, y: y, features: spec.features)
    }

    static func trained(_ spec: ModelSpec, batches: Int = 5) throws -> Model {
        var model = try Model(spec: spec)
        for s in 0..<batches { try model.update(with: try batch(for: spec, seed: UInt64(s))) }
        return model
    }

    @Test(arguments: specs)
    func updateNeverMutatesItsInput(spec: ModelSpec) throws {
        let model = try Self.trained(spec)
        let copy = model
        let batch = try Self.batch(for: spec, seed: 99)
        let next = try model.updated(with: batch)
        #expect(model == copy)
        #expect(next != model)
        #expect(next.batchesSeen == model.batchesSeen + 1)
    }

    @Test(arguments: specs)
    func encodeDecodeIsBitExactAndPredictsIdentically(spec: ModelSpec) throws {
        let model = try Self.trained(spec)
        let bytes = model.encoded()
        let decoded = try Model(encoded: bytes)
        #expect(decoded == model)
        #expect(decoded.encoded() == bytes)
        let x = try Self.batch(for: spec, n: 7, seed: 42).x
        #expect(try decoded.predict(x) == (try model.predict(x)))
        // …and it keeps learning exactly as the original would (the RNG and optimiser state came along).
        let next = try Self.batch(for: spec, seed: 43)
        #expect(try decoded.updated(with: next) == (try model.updated(with: next)))
    }

    @Test(arguments: specs)
    func twoCopiesWithTheSameSeedFollowTheSameTrajectory(spec: ModelSpec) throws {
        var a = try Model(spec: spec)
        var b = try Model(spec: spec)
        for s: UInt64 in 0..<6 {
            let batch = try Self.batch(for: spec, seed: s)
            try a.update(with: batch)
            try b.update(with: batch)
            #expect(a.posterior == b.posterior)
        }
    }

    @Test(arguments: specs)
    func badInputIsRefusedAndLeavesThePosteriorUnchanged(spec: ModelSpec) throws {
        var model = try Self.trained(spec, batches: 2)
        let before = model
        let good = try Self.batch(for: spec, seed: 7)
        // Wrong width.
        #expect(throws: InferenceError.self) {
            try model.update(with: try Batch(x: [1, 2, 3, 4], y: [0, 1], features: 2))
        }
        // No labels.
        #expect(throws: InferenceError.self) { try model.update(with: try Batch(x: good.x, features: 3)) }
        // A label the likelihood cannot produce (class 7, count −1, probability 0.5).
        if spec.likelihood.classes != nil || spec.likelihood == .poisson {
            var y = good.y!
            y[3] = spec.likelihood == .poisson ? -1 : (spec.likelihood == .bernoulli ? 0.5 : 7)
            #expect(throws: InferenceError.self) { try model.update(with: try Batch(x: good.x, y: y, features: 3)) }
        }
        // Forgetting outside (0, 1].
        #expect(throws: InferenceError.self) { try model.update(with: good, forgetting: 0) }
        #expect(model == before)
        // Non-finite numbers never make it into a batch.
        var x = good.x
        x[5] = .nan
        #expect(throws: InferenceError.self) { try Batch(x: x, y: good.y, features: 3) }
        x[5] = .infinity
        #expect(throws: InferenceError.self) { try Batch(x: x, y: good.y, features: 3) }
        #expect(throws: InferenceError.self) { try model.predict(x) }
    }

    @Test func anUpdateThatOverflowsIsRefused() throws {
        // y/σ² overflows the precision-mean: the conjugate update would produce infinities.
        var model = try Model(
            spec: ModelSpec(
                features: 1, likelihood: .gaussian(noiseVariance: 1e-10), posterior: .full, rule: .conjugate))
        try model.update(with: try Batch(x: [1, 2], y: [1, 2], features: 1))
        let before = model
        #expect(throws: InferenceError.self) {
            try model.update(with: try Batch(x: [1e200, 1], y: [1e300, 1], features: 1))
        }
        #expect(model == before)
        // exp(f) overflows a Poisson model's gradient.
        var poisson = try Model(
            spec: ModelSpec(features: 1, likelihood: .poisson, posterior: .diagonal, rule: .ivon, standardize: false))
        let before2 = poisson
        #expect(throws: InferenceError.self) {
            try poisson.update(with: try Batch(x: [1e300, 1e300], y: [1, 2], features: 1))
        }
        #expect(poisson == before2)
    }

    @Test func corruptedOrTruncatedStateIsRefused() throws {
        let bytes = try Self.trained(Self.specs[1]).encoded()
        var flipped = bytes
        flipped[40] ^= 0x10
        #expect(throws: StateCodingError.self) { try Model(encoded: flipped) }
        #expect(throws: StateCodingError.self) { try Model(encoded: Array(bytes.prefix(bytes.count - 9))) }
        #expect(throws: StateCodingError.badMagic) { try Model(encoded: [0, 1, 2, 3] + Array(bytes.dropFirst(4))) }
    }

    @Test func invalidSpecsAreRefusedWithTheFix() throws {
        #expect(throws: InferenceError.self) {
            try Model(spec: ModelSpec(features: 2, likelihood: .bernoulli, posterior: .full, rule: .conjugate))
        }
        #expect(throws: InferenceError.self) {
            try Model(spec: ModelSpec(features: 2, likelihood: .bernoulli, posterior: .full, rule: .ivon))
        }
        #expect(throws: InferenceError.self) {
            try Model(
                spec: ModelSpec(
                    features: 2, likelihood: .bernoulli, network: .mlp(hidden: [4], activation: .tanh, bias: true),
                    posterior: .full, rule: .laplace))
        }
        #expect(throws: InferenceError.self) {
            try Model(spec: ModelSpec(features: 2, likelihood: .gaussian(noiseVariance: 0), rule: .laplace))
        }
    }
}

extension ModelSpec: CustomTestStringConvertible {
    public var testDescription: String { "\(rule.rawValue) \(posterior.rawValue) \(likelihood) \(network)" }
}
