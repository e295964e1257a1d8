import Foundation
import Testing
@testable import Inference

/// Online Laplace checked against an independent Newton solve and against finite differences.
@Suite struct LaplaceRuleTests {
    /// Newton's method on J(θ) = Σ softplus(x̃θ) − y·x̃θ + ½λ‖θ‖², written out with plain loops.
    static func referenceLogisticMAP(rows: [[Double]], y: [Double], lambda: Double) -> (
        mode: [Double], hessian: [[Double]]
    ) {
        let p = rows[0].count
        var theta = [Double](repeating: 0, count: p)
        func derivatives(_ t: [Double]) -> ([Double], [[Double]]) {
            var g = t.map { lambda * $0 }
            var h = (0..<p).map { i in (0..<p).map { j in i == j ? lambda : 0.0 } }
            for (i, r) in rows.enumerated() {
                let f = zip(r, t).reduce(0) { $0 + $1.0 * $1.1 }
                let s = 1 / (1 + exp(-f))
                for a in 0..<p {
                    g[a] += (s - y[i]) * r[a]
                    for b in 0..<p { h[a][b] += s * (1 - s) * r[a] * r[b] }
                }
            }
            return (g, h)
        }
        for _ in 0..<100 {
            let (g, h) = derivatives(theta)
            let step = Fixtures.solve(h, g)
            theta = zip(theta, step).map { $0 - $1 }
            if step.map(abs).max()! < 1e-14 { break }
        }
        return (theta, derivatives(theta).1)
    }

    @Test func logisticOneBatchEqualsTheFullBatchMAPNewtonSolve() throws {
        let d = 4, lambda = 0.7
        let data = Fixtures.logistic(n: 300, d: d, scale: 2, seed: 21)
        var model = try Model(
            spec: ModelSpec(
                features: d, likelihood: .bernoulli, posterior: .full, rule: .laplace, priorPrecision: lambda,
                standardize: false))
        try model.update(with: try Batch(x: data.x, y: data.y, features: d))
        let reference = Self.referenceLogisticMAP(rows: Fixtures.design(data.x, d: d), y: data.y, lambda: lambda)
        // Both are converged Newton solves of the same strictly convex problem: agree to 1e-9.
        #expect(Fixtures.relativeError(model.posterior.mean, reference.mode) < 1e-9)
        #expect(Fixtures.relativeError(model.precisionRows.flatMap { $0 }, reference.hessian.flatMap { $0 }) < 1e-9)
    }

    /// ∇J(θ*) = 0 and P = ∇²J(θ*) by central finite differences of the analytic gradient (step 1e-5:
    /// truncation error O(h²·J‴) ≈ 1e-8 relative; tolerance 1e-6).
    @Test(arguments: [Likelihood.categorical(classes: 3), .poisson, .bernoulli])
    func modeIsStationaryAndPrecisionIsTheHessian(likelihood: Likelihood) throws {
        let d = 3
        var rng = Xoshiro256(seed: 8)
        var x = [Double](repeating: 0, count: 90 * d)
        rng.fillStandardNormal(&x)
        x = x.map { $0 * 0.5 }
        let y: [Double] = (0..<90).map { i in
            switch likelihood {
            case .categorical: return Double(i % 3)
            case .poisson: return Double(i % 4)
            default: return Double(i % 2)
            }
        }
        let prior = try Model(
            spec: ModelSpec(
                features: d, likelihood: likelihood, posterior: .full, rule: .laplace, priorPrecision: 1.3,
                standardize: false))
        let model = try prior.updated(with: try Batch(x: x, y: y, features: d))
        let design = DesignMatrix(x, count: 90, features: d, bias: true)
        let gradient = { (theta: [Double]) -> [Double] in
            LaplaceRule.derivatives(
                prior.posterior, architecture: prior.spec.architecture, x: x, design: design, y: y,
                likelihood: likelihood, at: theta
            ).0
        }
        let mode = model.posterior.mean
        #expect(gradient(mode).map(abs).max()! < 1e-8)
        let p = mode.count
        let h = 1e-5
        let rows = model.precisionRows
        for j in 0..<p {
            var plus = mode, minus = mode
            plus[j] += h
            minus[j] -= h
            let column = zip(gradient(plus), gradient(minus)).map { ($0 - $1) / (2 * h) }
            for i in 0..<p { #expect(abs(rows[i][j] - column[i]) < 1e-6 * max(1, abs(rows[i][j]))) }
        }
    }

    /// The diagonal iteration stops within newton_tolerance (1e-4) posterior sds of the mode of the objective
    /// with the diagonal prior, measured by the Newton decrement √(gᵀH⁻¹g), and its precision is the prior
    /// plus the Gauss–Newton diagonal at the θ it returns (1e-12: the same numbers, summed once).
    @Test func diagonalLaplaceStopsWithinTheToleranceOfTheMode() throws {
        let d = 3
        let data = Fixtures.logistic(n: 200, d: d, seed: 4)
        let prior = try Model(
            spec: ModelSpec(
                features: d, likelihood: .bernoulli, posterior: .diagonal, rule: .laplace, standardize: false))
        let model = try prior.updated(with: try Batch(x: data.x, y: data.y, features: d))
        let design = DesignMatrix(data.x, count: 200, features: d, bias: true)
        let (g, curvature) = LaplaceRule.derivatives(
            prior.posterior, architecture: prior.spec.architecture, x: data.x, design: design, y: data.y,
            likelihood: .bernoulli, at: model.posterior.mean)
        guard case .diagonal(let q) = model.posterior, case .diagonal(let h) = curvature else {
            Issue.record("form"); return
        }
        let decrement = zip(g, h).reduce(0) { $0 + $1.0 * $1.0 / $1.1 }.squareRoot()
        #expect(decrement <= prior.spec.hyperparameters.newtonTolerance)
        #expect(decrement > 0 || g.allSatisfy { $0 == 0 })
        #expect(Fixtures.relativeError(q.precision, h) < 1e-12)
    }
}
