import Foundation
import Testing
@testable import Inference

/// The memory-perturbation estimate of removing one example, against refitting without it: over every single
/// removal of a 200-example logistic problem, the estimated and the refit changes rank alike.
@Suite struct MemoryPerturbationTests {
    static let (n, d) = (200, 3)

    /// Spearman's ρ: Pearson's correlation of the ranks (ties take their mean rank).
    static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        func ranks(_ v: [Double]) -> [Double] {
            let order = v.indices.sorted { v[$0] < v[$1] }
            var r = [Double](repeating: 0, count: v.count)
            var i = 0
            while i < order.count {
                var j = i
                while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
                for k in i...j { r[order[k]] = Double(i + j) / 2 }
                i = j + 1
            }
            return r
        }
        let (x, y) = (ranks(a), ranks(b))
        let (mx, my) = (x.reduce(0, +) / Double(x.count), y.reduce(0, +) / Double(y.count))
        var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    /// For each removed example i: (estimated, refit) change of its own logit f(xᵢ) and of the first weight.
    static func changes(_ spec: ModelSpec) throws -> (
        ownEstimate: [Double], ownRefit: [Double], weightEstimate: [Double], weightRefit: [Double]
    ) {
        let data = Fixtures.logistic(n: n, d: d, scale: 2, seed: 2023)
        let all = try Batch(x: data.x, y: data.y, features: d)
        let model = try Model(spec: spec).updated(with: all)
        func logit(_ m: Model, _ i: Int) -> Double {
            let z = m.inputs(Array(data.x[(i * d)..<((i + 1) * d)]), count: 1)
            return m.spec.architecture.forward(m.posterior.mean, z, count: 1).output[0]
        }
        var out: ([Double], [Double], [Double], [Double]) = ([], [], [], [])
        for i in 0..<n {
            let (estimate, method) = try model.removing(all.rows(i..<(i + 1)), exactAllowed: true)
            #expect(method == .memoryPerturbation)
            let rest = try Batch(
                x: Array(data.x[0..<(i * d)] + data.x[((i + 1) * d)...]), y: Array(data.y[0..<i] + data.y[(i + 1)...]),
                features: d)
            let refit = try Model(spec: spec).updated(with: rest)  // raw coordinates: the same as the estimate's
            out.0.append(logit(estimate, i) - logit(model, i))
            out.1.append(logit(refit, i) - logit(model, i))
            out.2.append(estimate.posterior.mean[0] - model.posterior.mean[0])
            out.3.append(refit.posterior.mean[0] - model.posterior.mean[0])
        }
        return out
    }

    /// Full Laplace: ρ = 0.99999 for the own logit, 0.9999 for the first weight (measured).
    @Test func fullLaplaceRemovalsRankLikeRefits() throws {
        let spec = ModelSpec(
            features: Self.d, likelihood: .bernoulli, posterior: .full, rule: .laplace, standardize: false)
        let c = try Self.changes(spec)
        #expect(Self.spearman(c.ownEstimate, c.ownRefit) >= 0.95)
        #expect(Self.spearman(c.weightEstimate, c.weightRefit) >= 0.95)
    }

    /// Diagonal Laplace: the estimate steps with the diagonal precision, blind to correlations between weights,
    /// so it ranks predictions well (own logit ρ = 0.998) and single weights less so (first weight ρ = 0.91,
    /// measured; not asserted — a mean-field posterior does not hold what that would need).
    @Test func diagonalLaplaceRemovalsRankPredictionsLikeRefits() throws {
        let spec = ModelSpec(
            features: Self.d, likelihood: .bernoulli, posterior: .diagonal, rule: .laplace, standardize: false)
        let c = try Self.changes(spec)
        #expect(Self.spearman(c.ownEstimate, c.ownRefit) >= 0.95)
    }
}
