import RealModule

/// Online Newton / Laplace for generalised linear models: with the previous posterior N(m₀, P₀⁻¹) as the prior,
/// find the mode θ* of J(θ) = Σᵢ ℓ(fᵢ(θ), yᵢ) + ½(θ − m₀)ᵀP₀(θ − m₀) by damped Newton iterations, then take
/// P = P₀ + ∇²Σℓ(θ*) and m = θ*. With a full posterior the Hessian is exact (for canonical links it equals
/// the Gauss–Newton matrix Σ x̃x̃ᵀ⊗Λ); with a diagonal posterior the prior and curvature are diagonal and the
/// iterations are diagonally preconditioned Newton steps to the mode of the same J.
///
/// With `iterations` = 1 it is the BLR's online Newton instead (`onlineNewton`): one undamped step from m₀ with the
/// curvature at m₀. A block posterior (a softmax) runs `BlockLaplace`.
///
/// References: Khan & Rue 2023, §4.1 (online Newton / Laplace as the BLR with the delta method);
/// MacKay 1992 (Laplace for GLMs); Nocedal & Wright, Numerical Optimization, §3.1 (Armijo backtracking).
enum LaplaceRule {
    /// - Parameter tolerance: stop at the first iterate θ whose Newton step is shorter than this in the metric of
    ///   the new precision, ‖Δ‖_H = √(gᵀH⁻¹g) (the Newton decrement): θ is then within `tolerance` posterior
    ///   standard deviations of the mode, and the precision is the Hessian at that same θ.
    static func update(
        _ prior: Posterior, architecture: Architecture, x: [Double], y: [Double], likelihood: Likelihood,
        iterations: Int, tolerance: Double
    ) throws -> Posterior {
        if case .block(let q) = prior {
            return .block(try BlockLaplace.update(q, x: x, y: y, iterations: iterations, tolerance: tolerance))
        }
        if iterations == 1 {
            return try onlineNewton(prior, architecture: architecture, x: x, y: y, likelihood: likelihood)
        }
        let n = y.count
        // The rows [x, 1] feed the full Hessian only; a diagonal posterior never builds them.
        let design: DesignMatrix? = {
            if case .diagonal = prior { return nil }
            return DesignMatrix(x, count: n, features: architecture.inputs, bias: architecture.network.hasBias)
        }()
        // A diagonal posterior on a one-output linear model runs on the fused kernel, which needs no outputs.
        let fused: Bool = {
            if case .diagonal = prior { return LinearKernel.applies(to: architecture) } else { return false }
        }()
        /// J(θ) = Σℓ + ½(θ − m₀)ᵀP₀(θ − m₀), with the outputs it computed (reused by the next derivatives).
        let objective = { (theta: [Double]) -> (Double, [Double]) in
            if fused {
                let loss = LinearKernel.loss(
                    theta, x: x, y: y, features: architecture.inputs, bias: architecture.network.hasBias,
                    likelihood: likelihood)
                return (loss + 0.5 * Self.priorQuadratic(prior, theta), [])
            }
            let f = architecture.forward(theta, x, count: n).output
            return (likelihood.totalLoss(f, y) + 0.5 * Self.priorQuadratic(prior, theta), f)
        }
        var theta = prior.mean
        var (value, f) = objective(theta)
        var valueIsCurrent = true
        var curvature: Curvature? = nil
        for _ in 0..<iterations {
            let (gradient, h) = derivatives(
                prior, architecture: architecture, x: x, design: design, y: y, likelihood: likelihood, at: theta,
                outputs: fused ? nil : f)
            let step = try solve(h, prior: prior, gradient)
            let decrement = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }  // gᵀH⁻¹g = ‖Δ‖²_H ≥ 0
            guard decrement.isFinite else { throw InferenceError.nonFiniteResult("Newton step of laplace") }
            if decrement <= tolerance * tolerance {
                curvature = h  // the Hessian at the θ returned: q = N(θ, H(θ)⁻¹) is a consistent pair
                break
            }
            if decrement <= 0.01 {
                // Pure Newton phase (Boyd & Vandenberghe §9.5.3): a step of ≤ 0.1 posterior sds is inside the
                // region where the quadratic model holds and the full step decreases J; no line search.
                for j in 0..<theta.count { theta[j] -= step[j] }
                f = fused ? [] : architecture.forward(theta, x, count: n).output
                valueIsCurrent = false
                continue
            }
            if !valueIsCurrent { value = objective(theta).0 }
            // Armijo backtracking: J(θ − tΔ) ≤ J(θ) − 10⁻⁴ t gᵀΔ.
            var t = 1.0
            var candidate = zip(theta, step).map { $0 - $1 }
            var (candidateValue, candidateF) = objective(candidate)
            var halvings = 0
            while !(candidateValue <= value - 1e-4 * t * decrement) && halvings < 50 {
                t *= 0.5
                candidate = zip(theta, step).map { $0 - t * $1 }
                (candidateValue, candidateF) = objective(candidate)
                halvings += 1
            }
            if !(candidateValue <= value) { break }  // no decrease left at machine precision
            theta = candidate
            value = candidateValue
            valueIsCurrent = true
            f = candidateF
        }
        guard theta.allSatisfy(\.isFinite) else { throw InferenceError.nonFiniteResult("laplace mode") }
        let h =
            curvature
            ?? {
                let f = architecture.forward(theta, x, count: n).output
                return derivatives(
                    prior, architecture: architecture, x: x, design: design, y: y, likelihood: likelihood, at: theta,
                    outputs: fused ? nil : f
                ).1
            }()
        switch h {
        case .full(let h): return .full(try FullGaussian(mean: theta, precision: h))
        case .diagonal(let h): return .diagonal(DiagonalGaussian(mean: theta, precision: h))
        }
    }

    /// One Newton step per batch with the curvature at the prior mean, the BLR's online Newton (Khan & Rue 2023,
    /// §1.3.1 and eq. 11: the delta method at m₀): P = P₀ + ∇²Σℓ(m₀), m = m₀ − P⁻¹∇Σℓ(m₀). One Hessian and one
    /// factorisation per batch (iterating to the mode costs three to five); on the public streams the two agree
    /// to 0.001 in log-loss once the posterior holds a few batches, because the mode moves little per batch.
    static func onlineNewton(
        _ prior: Posterior, architecture: Architecture, x: [Double], y: [Double], likelihood: Likelihood
    ) throws -> Posterior {
        let n = y.count
        let design: DesignMatrix? = {
            if case .diagonal = prior { return nil }
            return DesignMatrix(x, count: n, features: architecture.inputs, bias: architecture.network.hasBias)
        }()
        let m0 = prior.mean
        let (gradient, h) = derivatives(
            prior, architecture: architecture, x: x, design: design, y: y, likelihood: likelihood, at: m0)
        switch h {
        case .diagonal(let h):
            return .diagonal(DiagonalGaussian(mean: (0..<m0.count).map { m0[$0] - gradient[$0] / h[$0] }, precision: h))
        case .full(let h):
            guard let factor = LinearAlgebra.cholesky(h, m0.count) else {
                throw InferenceError.notPositiveDefinite("laplace Hessian")
            }
            let step = LinearAlgebra.choleskySolve(factor, m0.count, gradient)
            let mean = (0..<m0.count).map { m0[$0] - step[$0] }
            guard mean.allSatisfy(\.isFinite) else { throw InferenceError.nonFiniteResult("online Newton step") }
            return .full(FullGaussian(precision: h, factor: factor, mean: mean))
        }
    }

    /// The precision after the batch at θ, shaped like the prior.
    enum Curvature {
        case full([Double])
        case diagonal([Double])
    }

    /// ∇J(θ) and ∇²J(θ) (full or diagonal, like the prior).
    static func derivatives(
        _ prior: Posterior, architecture: Architecture, x: [Double], design: DesignMatrix?, y: [Double],
        likelihood: Likelihood, at theta: [Double], outputs f: [Double]? = nil
    ) -> ([Double], Curvature) {
        let n = y.count
        let k = architecture.outputs
        // A linear network's forward pass is its outputs: reuse them when the caller has them.
        if case .diagonal(let q) = prior, LinearKernel.applies(to: architecture) {
            let sums = LinearKernel.sums(
                theta, x: x, y: y, features: architecture.inputs, bias: architecture.network.hasBias,
                likelihood: likelihood, curvature: true)
            var (gradient, h) = (sums.gradient, sums.gaussNewton)
            for j in 0..<theta.count {
                gradient[j] += q.precision[j] * (theta[j] - q.mean[j])
                h[j] += q.precision[j]
            }
            return (gradient, .diagonal(h))
        }
        let pass = f.map { ForwardPass(inputs: [x], output: $0) } ?? architecture.forward(theta, x, count: n)
        let (r, w) = likelihood.residualsAndCurvatures(pass.output, y)
        var gradient = architecture.backward(pass, theta, residual: r, count: n)
        switch prior {
        case .block:
            preconditionFailure("block posteriors are updated by BlockLaplace")
        case .diagonal(let q):
            var h = architecture.gaussNewtonDiagonal(pass, theta, curvature: w, likelihood: likelihood, count: n)
            for j in 0..<theta.count {
                gradient[j] += q.precision[j] * (theta[j] - q.mean[j])
                h[j] += q.precision[j]
            }
            return (gradient, .diagonal(h))
        case .full(let q):
            let p = theta.count
            for i in 0..<p {
                var s = 0.0
                for j in 0..<p { s += q.precision[i * p + j] * (theta[j] - q.mean[j]) }
                gradient[i] += s
            }
            var h = q.precision
            addHessian(
                design: design
                    ?? DesignMatrix(x, count: n, features: architecture.inputs, bias: architecture.network.hasBias),
                curvature: w, outputs: k, into: &h)
            return (gradient, .full(h))
        }
    }

    /// H += Σᵢ (Λᵢ ⊗ x̃ᵢx̃ᵢᵀ), scattered into θ's layout. K = 1: X̃ᵀ diag(w) X̃ by one rank-n update.
    static func addHessian(design: DesignMatrix, curvature w: [Double], outputs k: Int, into h: inout [Double]) {
        let n = design.rows
        let c = design.columns
        let p = k * c
        if k == 1 {
            var scaled = design.values
            for i in 0..<n { let s = Double.sqrt(w[i]); for j in 0..<c { scaled[i * c + j] *= s } }
            scaled.withUnsafeBufferPointer { LinearAlgebra.addGram(c, n, 1, $0.baseAddress!, &h) }
            return
        }
        var weighted = [Double](repeating: 0, count: n * c)
        var block = [Double](repeating: 0, count: c * c)
        for a in 0..<k {
            for b in a..<k {
                // Λᵢ[a, b] = pₐ(δₐᵦ − p_b)
                for i in 0..<n {
                    let lam = w[i * k + a] * ((a == b ? 1 : 0) - w[i * k + b])
                    for j in 0..<c { weighted[i * c + j] = lam * design.values[i * c + j] }
                }
                design.values.withUnsafeBufferPointer { xp in
                    weighted.withUnsafeBufferPointer { wp in
                        block.withUnsafeMutableBufferPointer { bp in
                            LinearAlgebra.gemmTN(c, c, n, 1, xp.baseAddress!, wp.baseAddress!, 0, bp.baseAddress!)
                        }
                    }
                }
                for i in 0..<c {
                    for j in 0..<c {
                        let r = design.parameter(output: a, column: i, outputs: k)
                        let s = design.parameter(output: b, column: j, outputs: k)
                        h[r * p + s] += block[i * c + j]
                        if a != b { h[s * p + r] += block[i * c + j] }
                    }
                }
            }
        }
    }

    /// Δ = H⁻¹g.
    static func solve(_ curvature: Curvature, prior: Posterior, _ g: [Double]) throws -> [Double] {
        switch curvature {
        case .diagonal(let h): return zip(g, h).map { $0 / $1 }
        case .full(let h):
            guard let factor = LinearAlgebra.cholesky(h, g.count) else {
                throw InferenceError.notPositiveDefinite("laplace Hessian")
            }
            return LinearAlgebra.choleskySolve(factor, g.count, g)
        }
    }

    /// (θ − m₀)ᵀ P₀ (θ − m₀).
    static func priorQuadratic(_ prior: Posterior, _ theta: [Double]) -> Double {
        switch prior {
        case .diagonal(let q):
            var s = 0.0
            for j in 0..<theta.count { let r = theta[j] - q.mean[j]; s += q.precision[j] * r * r }
            return s
        case .full(let q):
            let p = theta.count
            let r = zip(theta, q.mean).map { $0 - $1 }
            var s = 0.0
            for i in 0..<p { var t = 0.0; for j in 0..<p { t += q.precision[i * p + j] * r[j] }; s += r[i] * t }
            return s
        case .block:
            preconditionFailure("block posteriors are updated by BlockLaplace")
        }
    }
}
