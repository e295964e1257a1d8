import Foundation
import Testing
@testable import Inference

/// The model average: its weights are Bayes' rule over the members' prequential densities (with fixed share),
/// its published predictive is their mixture, and its state survives encoding bit for bit.
@Suite struct LearnerTests {
    static let d = 3

    static func members() throws -> [Member] {
        try Learner.automatic(features: d, likelihood: .bernoulli, switchRate: 0).members
    }

    static func batches(_ count: Int, seed: UInt64 = 4) throws -> [Batch] {
        let data = Fixtures.logistic(n: 32 * count, d: d, scale: 2, seed: seed)
        return try (0..<count).map { t in
            try Batch(
                x: Array(data.x[(t * 32 * d)..<((t + 1) * 32 * d)]), y: Array(data.y[(t * 32)..<((t + 1) * 32)]),
                features: d)
        }
    }

    /// wₘ after T batches, recomputed from each member run on its own: log wₘ = Σₜ log pₘ(yₜ) normalised (ρ = 0,
    /// Bayes' rule) or by the fixed-share recursion (ρ > 0); the first batch, predicted by every prior, does not
    /// count. 1e-9: the same sums in the same order.
    @Test(arguments: [0.0, 1e-3])
    func weightsEqualADirectComputationFromTheMembersDensities(rate: Double) throws {
        let members = try Self.members()
        var learner = try Learner(members: members, switchRate: rate, drift: DriftResponse(acts: false))
        var singles = try members.map { try Learner(members: [$0], drift: DriftResponse(acts: false)) }
        var log = [Double](repeating: -Foundation.log(Double(members.count)), count: members.count)
        for (t, batch) in try Self.batches(30).enumerated() {
            let prediction = try learner.predict(batch)
            var mixture = [Double](repeating: 0, count: batch.count * 2)
            let published = learner.publishedWeights
            for m in members.indices {
                let own = try singles[m].predict(batch)
                guard case .probabilities(let p, 2) = own.published else { Issue.record("not probabilities"); return }
                for i in mixture.indices { mixture[i] += published[m] * p[i] }
                if t > 0 { log[m] -= own.published.surprise(labels: batch.y!).reduce(0, +) }
                _ = singles[m].learn(batch, after: own)
            }
            guard case .probabilities(let p, 2) = prediction.published else {
                Issue.record("not probabilities"); return
            }
            #expect(Fixtures.relativeError(p, mixture) < 1e-12, "mixture at batch \(t)")
            _ = learner.learn(batch, after: prediction)
            if t > 0 {
                let top = log.max()!
                let total = log.reduce(0) { $0 + exp($1 - top) }
                let gamma = 1 - pow(1 - rate, Double(batch.count))
                log = log.map { Foundation.log((1 - gamma) * exp($0 - top) / total + gamma / Double(members.count)) }
            }
            #expect(Fixtures.relativeError(learner.logWeights, log) < 1e-9, "weights after batch \(t)")
        }
    }

    /// Members under 1 % are left out of the published mixture and the rest renormalised.
    @Test func negligibleMembersArePrunedFromThePublishedMixture() throws {
        var learner = try Learner(members: Self.members(), drift: DriftResponse(acts: false))
        learner.logWeights = [0.6, 0.395, 0.004, 0.001].map { Foundation.log($0) }
        #expect(Fixtures.relativeError(learner.publishedWeights, [0.6 / 0.995, 0.395 / 0.995, 0, 0]) < 1e-15)
    }

    /// decode(encode(learner)) == learner, and the decoded one continues exactly as the original: binary (random
    /// features) and multiclass (block Laplace and the IVON MLP, whose draws continue from the stored RNG state).
    @Test(arguments: [Likelihood.bernoulli, .categorical(classes: 3)])
    func encodingIsBitExactAndContinuesIdentically(likelihood: Likelihood) throws {
        var learner = try Learner.automatic(features: Self.d, likelihood: likelihood)
        let all = try Self.batches(40, seed: 9)
        for batch in all[0..<20] { _ = learner.learn(batch, after: try learner.predict(batch)) }
        var copy = try Learner(encoded: learner.encoded())
        #expect(copy == learner)
        for batch in all[20...] {
            let a = try learner.predict(batch), b = try copy.predict(batch)
            #expect(a.published == b.published)
            #expect(learner.learn(batch, after: a) == copy.learn(batch, after: b))
        }
        #expect(copy == learner)
        var bytes = learner.encoded()
        bytes[bytes.count / 2] ^= 1
        #expect(throws: StateCodingError.self) { try Learner(encoded: bytes) }
    }

    /// A change inside a batch: the rows from the located change point are learned after the alarm's forgetting.
    @Test func theChangePointIsTheMaximumLikelihoodSplit() {
        var rng = Xoshiro256(seed: 1)
        var old: [Double] = []
        for i in 0..<64 {
            let u: Double = rng.nextOpenUnit()
            old.append(i < 41 ? 0.7 + 0.3 * u : 30 + 10 * u)
        }
        let prior = [Double](repeating: 3, count: 64)
        let tau = ChangePoint.locate(old: old, prior: prior)
        #expect(tau == 41)
        // Brute force: argmax over τ of Σ_{i ≥ τ} (old − prior).
        func gain(_ t: Int) -> Double {
            var s = 0.0
            for i in t..<64 { s += old[i] - prior[i] }
            return s
        }
        let best = (0..<64).max { gain($0) < gain($1) }
        #expect(tau == best)
    }

    /// The default regression keeps 90 % intervals honest whatever the noise and the feature scales:
    /// coverage in [0.88, 0.92] with σ² ∈ {0.01, 4, 100} and features spread over 10⁰…10³.
    @Test(arguments: [(0.01, 1.0), (4.0, 1.0), (100.0, 1.0), (0.01, 1000.0), (4.0, 1000.0), (100.0, 1000.0)])
    func defaultIntervalsCoverNinetyPercent(noise: Double, scale: Double) throws {
        let d = 6, n = 12_800
        var rng = Xoshiro256(seed: UInt64(noise * 7 + scale))
        let scales = (0..<d).map { j in pow(scale, Double(j) / Double(d - 1)) }
        let offsets = (0..<d).map { j in 3 * scales[j] * (rng.nextOpenUnit() - 0.5) }
        // y = z·w + 5 + N(0, σ²) on standard-normal z, observed as x = scale ⊙ z + offset.
        let data = Fixtures.linearGaussian(n: n, d: d, noise: noise, bias: 5, seed: rng.next())
        let x = (0..<(n * d)).map { scales[$0 % d] * data.x[$0] + offsets[$0 % d] }
        let y = data.y
        var learner = try Learner.automatic(features: d, likelihood: .gaussian(noiseVariance: 1))
        var metrics = PrequentialMetrics()
        for t in 0..<(n / 64) {
            let batch = try Batch(
                x: Array(x[(t * 64 * d)..<((t + 1) * 64 * d)]), y: Array(y[(t * 64)..<((t + 1) * 64)]), features: d)
            let prediction = try learner.predict(batch)
            metrics.record(prediction.published, labels: batch.y!)
            _ = learner.learn(batch, after: prediction)
        }
        let coverage = try #require(metrics.picp90)
        #expect(coverage >= 0.88 && coverage <= 0.92, "σ² \(noise), scale \(scale): coverage \(coverage)")
    }
}
