import RealModule

/// How a what-if removal was computed.
public enum RemovalMethod: String, Sendable, Hashable {
    /// The posterior the model would hold had it never learned the rows: a conjugate model whose every
    /// learned example is in its posterior at full weight (no forgetting).
    case exact
    /// The memory-perturbation estimate (Nickl et al. 2023): one Newton step of the perturbed objective from the
    /// current mean; for a conjugate model with forgetting, the rows' full-weight sites taken out.
    case memoryPerturbation = "memory-perturbation"
}

extension Model {
    /// Whether removing learned rows can be exact: a conjugate rule (the sites of a Gaussian linear model add up in
    /// the natural parameters, so taking one out is a downdate), no forgetting in the spec, and inputs whose
    /// features today are those the rows were learned with (linear networks are re-expressed exactly when the
    /// statistics move; random features of standardised inputs are not). The caller adds what the model cannot
    /// know: that no forgetting was applied from outside (`Member.forgetting`, drift alarms).
    public var removesExactly: Bool {
        spec.rule == .conjugate && spec.forgetting == 1 && (spec.network.isLinear || scaler == nil)
    }

    /// The model as if it had not learned `examples` (raw rows and their labels, as they were learned), and how
    /// that was computed. `self` is never changed.
    ///
    /// - Conjugate rule: the update backwards (`ConjugateRule.downdate`), in the model's current coordinates: the
    ///   rows are standardised with today's statistics, which is exact because re-expression is an affine change
    ///   of the weights under which each row's likelihood term is invariant. The statistics themselves keep the
    ///   removed rows (they choose coordinates, they are not evidence); the prior, stated at the first batch's
    ///   statistics and carried along exactly, stays. So the result equals a refit without the rows (in its
    ///   predictions; in its coordinates too without standardisation) unless a removed row was in the model's
    ///   first batch. `exact` when `exactAllowed` and `removesExactly`; with forgetting an old row weighs less than
    ///   its full site, so the downdate over-removes it and is reported as the memory-perturbation estimate.
    /// - Other rules (`memoryPerturbation`): P′ = P − Σᵢ∇²ℓᵢ(m) (Gauss–Newton, in the posterior's own form; a
    ///   diagonal precision is floored at min(P, λ): the prior is never taken out), m′ = m + P′⁻¹Σᵢ∇ℓᵢ(m).
    ///
    /// References: Nickl, Xu, Tailor, Möllenhoff & Khan, "The Memory-Perturbation Equation", NeurIPS 2023, §3
    /// (the MPE for Gaussian posteriors: S\ᵢ = S − ∇²ℓᵢ(m), m\ᵢ = m + S\ᵢ⁻¹∇ℓᵢ(m), exact for conjugate models);
    /// Khan & Rue 2023, eq. 7 (sites add in the natural parameters).
    public func removing(_ examples: Batch, exactAllowed: Bool) throws -> (model: Model, method: RemovalMethod) {
        guard examples.features == spec.features else {
            throw InferenceError.shapeMismatch(
                "rows have \(examples.features) features, the model expects \(spec.features)")
        }
        guard let y = examples.y else { throw InferenceError.unsupported("only labelled rows can be removed") }
        try spec.likelihood.validate(labels: y)
        guard examples.count > 0 else { return (self, exactAllowed && removesExactly ? .exact : .memoryPerturbation) }
        let n = examples.count
        let x = inputs(examples.x, count: n)
        let t = standardizedTarget(y)
        let architecture = spec.architecture
        var next = self
        if spec.rule == .conjugate, case .full(let q) = posterior, case .gaussian(let s2) = spec.likelihood {
            let design = DesignMatrix(x, count: n, features: architecture.inputs, bias: architecture.network.hasBias)
            if let noise {
                let (q, noise) = try ConjugateRule.downdate(q, noise: noise, design: design, y: t)
                next.posterior = .full(q)
                next.noise = noise
            } else {
                next.posterior = .full(try ConjugateRule.downdate(q, design: design, y: t, noiseVariance: s2))
            }
        } else {
            next.posterior = try perturbed(x: x, y: t, count: n)
        }
        guard next.posterior.isValid else { throw InferenceError.nonFiniteResult("removing \(n) rows") }
        next.examplesSeen = max(0, examplesSeen - n)
        return (next, exactAllowed && removesExactly ? .exact : .memoryPerturbation)
    }

    /// The memory-perturbation step for rows already mapped to the network's inputs (x) and target units (y).
    private func perturbed(x: [Double], y: [Double], count n: Int) throws -> Posterior {
        let architecture = spec.architecture
        let m = posterior.mean
        let pass = architecture.forward(m, x, count: n)
        let (r, w) = spec.likelihood.residualsAndCurvatures(pass.output, y)
        let g = architecture.backward(pass, m, residual: r, count: n)  // Σᵢ ∇ℓᵢ(m)
        switch posterior {
        case .full(let q):
            var h = [Double](repeating: 0, count: m.count * m.count)
            let design = DesignMatrix(x, count: n, features: architecture.inputs, bias: architecture.network.hasBias)
            LaplaceRule.addHessian(design: design, curvature: w, outputs: architecture.outputs, into: &h)
            let precision = zip(q.precision, h).map { $0 - $1 }
            guard let factor = LinearAlgebra.cholesky(precision, m.count) else {
                throw InferenceError.notPositiveDefinite("the precision without these rows")
            }
            let step = LinearAlgebra.choleskySolve(factor, m.count, g)
            return .full(FullGaussian(precision: precision, factor: factor, mean: zip(m, step).map { $0 + $1 }))
        case .diagonal(let q):
            let h = architecture.gaussNewtonDiagonal(pass, m, curvature: w, likelihood: spec.likelihood, count: n)
            let precision = q.precision.indices.map { j in
                max(q.precision[j] - h[j], min(q.precision[j], spec.priorPrecision))
            }
            return .diagonal(
                DiagonalGaussian(mean: m.indices.map { m[$0] + g[$0] / precision[$0] }, precision: precision))
        case .block(var q):
            // Block k holds output k's [wₖ, bₖ]: its curvature is Σᵢ pᵢₖ(1 − pᵢₖ)x̃ᵢx̃ᵢᵀ (the cross-output terms are
            // outside every block, as in BlockLaplace).
            let k = architecture.outputs
            let design = DesignMatrix(x, count: n, features: architecture.inputs, bias: architecture.network.hasBias)
            for out in 0..<k {
                var h = [Double](repeating: 0, count: q.size * q.size)
                let own = (0..<n).map { w[$0 * k + out] * (1 - w[$0 * k + out]) }
                LaplaceRule.addHessian(design: design, curvature: own, outputs: 1, into: &h)
                let block = q.blocks[out]
                let precision = zip(block.precision, h).map { $0 - $1 }
                guard let factor = LinearAlgebra.cholesky(precision, q.size) else {
                    throw InferenceError.notPositiveDefinite("block \(out)'s precision without these rows")
                }
                let step = LinearAlgebra.choleskySolve(factor, q.size, q.block(out, of: g))
                q.blocks[out] = FullGaussian(
                    precision: precision, factor: factor, mean: zip(block.mean, step).map { $0 + $1 })
            }
            return .block(q)
        }
    }
}
