import RealModule

extension Model {
    /// The predictive distribution of the rows of `x` (n × d) under the current posterior; pure (a Monte-Carlo
    /// method draws from its own generator, seeded by the method or, for `.automatic`, by the model's seed).
    public func predict(_ x: [Double], method: PredictiveMethod = .automatic) throws -> Predictive {
        try predict(x, method: method, inputs: nil)
    }

    /// - Parameter precomputed: `inputs(x)` when the caller has it (a learner reuses it for the update).
    func predict(_ x: [Double], method: PredictiveMethod = .automatic, inputs precomputed: [Double]?) throws
        -> Predictive
    {
        let d = spec.features
        guard x.count % d == 0 else {
            throw InferenceError.shapeMismatch("\(x.count) values do not fill rows of \(d) features")
        }
        if let i = x.firstIndex(where: { !$0.isFinite }) {
            throw InferenceError.nonFiniteInput("x[\(i / d)][\(i % d)] = \(x[i])")
        }
        let n = x.count / d
        let z = precomputed ?? inputs(x, count: n)
        // The conjugate model's Student-t is exact: a Monte-Carlo request gets it too.
        switch (noise == nil ? method : .automatic, spec.network.hasLinearReadout) {
        case (.automatic, true):
            let (mu, c) = functionMoments(z, count: n)
            return closedForm(mean: mu, covariance: c, count: n)
        case (.automatic, false):
            return monteCarlo(
                z, count: n, samples: spec.hyperparameters.predictiveSamples, seed: spec.hyperparameters.seed)
        case (.monteCarlo(let samples, let seed), _):
            guard samples >= 1 else {
                throw InferenceError.invalidHyperparameter(
                    name: "samples", value: "\(samples)", reason: "must be at least 1")
            }
            return monteCarlo(z, count: n, samples: samples, seed: seed)
        }
    }

    /// Mean μ = f(m, x) (n × K) and covariance C = Cov_q[f] (n × K × K) of the outputs of a linear network:
    /// Cᵢ[a, b] = φᵢₐᵀ Σ φᵢ_b, φᵢₖ the design row x̃ᵢ placed at output k's coefficients.
    func functionMoments(_ x: [Double], count n: Int) -> (mean: [Double], covariance: [Double]) {
        let architecture = spec.architecture
        let k = architecture.outputs
        let mu = architecture.forward(posterior.mean, x, count: n).output
        if case .diagonal(let q) = posterior, k == 1 {
            // vᵢ = Σⱼ xᵢⱼ²/sⱼ (+ 1/s_bias): one pass, no design matrix.
            let d = architecture.inputs
            let inverse = q.precision.map { 1 / $0 }
            let biasVariance = spec.network.hasBias ? inverse[d] : 0
            var v = [Double](repeating: biasVariance, count: n)
            x.withUnsafeBufferPointer { xp in
                inverse.withUnsafeBufferPointer { ip in
                    v.withUnsafeMutableBufferPointer { vp in
                        var row = xp.baseAddress!
                        for i in 0..<n {
                            var s = 0.0
                            for j in 0..<d { s += row[j] * row[j] * ip[j] }
                            vp[i] += s
                            row += d
                        }
                    }
                }
            }
            return (mu, v)
        }
        let design = DesignMatrix(x, count: n, features: architecture.inputs, bias: spec.network.hasBias)
        let c = design.columns
        var cov = [Double](repeating: 0, count: n * k * k)
        switch posterior {
        case .diagonal(let q):
            // Outputs use disjoint coefficients, independent under a diagonal posterior: C is diagonal.
            for i in 0..<n {
                for out in 0..<k {
                    var s = 0.0
                    for j in 0..<c {
                        let xv = design.values[i * c + j]
                        s += xv * xv / q.precision[design.parameter(output: out, column: j, outputs: k)]
                    }
                    cov[(i * k + out) * k + out] = s
                }
            }
        case .full(let q):
            if k == 1 {
                cov = q.crossForms(design.values, groups: n, size: 1)
            } else {
                let p = q.dimension
                var phi = [Double](repeating: 0, count: n * k * p)
                for i in 0..<n {
                    for out in 0..<k {
                        for j in 0..<c {
                            phi[(i * k + out) * p + design.parameter(output: out, column: j, outputs: k)] =
                                design.values[i * c + j]
                        }
                    }
                }
                cov = q.crossForms(phi, groups: n, size: k)
            }
        case .block(let q):
            // Independent outputs: C is diagonal, Cᵢ[k, k] = x̃ᵢᵀΣₖx̃ᵢ from block k.
            for out in 0..<k {
                let v = q.blocks[out].crossForms(design.values, groups: n, size: 1)
                for i in 0..<n { cov[(i * k + out) * k + out] = v[i] }
            }
        }
        return (mu, cov)
    }

    /// Closed-form predictives from Gaussian function-space moments (C: n × K × K).
    func closedForm(mean mu: [Double], covariance c: [Double], count n: Int) -> Predictive {
        let k = spec.likelihood.outputs
        let v = (0..<(n * k)).map { c[$0 * k + $0 % k] }
        switch spec.likelihood {
        case .gaussian(let s2):
            let (offset, scale) = targetUnits
            if let noise {
                // Student-t: location x̃ᵀm, scale² (β/a)(1 + x̃ᵀP⁻¹x̃), ν = 2a; published by its mean and variance.
                let factor = noise.varianceFactor * scale * scale
                return .gaussian(
                    mean: mu.map { offset + scale * $0 }, variance: v.map { factor * (1 + $0) }, dof: noise.dof)
            }
            return .gaussian(mean: mu, variance: v.map { $0 + s2 })
        case .bernoulli:
            // P(y=1) ≈ sigmoid(κ(v)μ), κ(v) = (1 + πv/8)^(−1/2) (MacKay 1992; Bishop PRML eq. 4.153)
            var p = [Double](repeating: 0, count: 2 * n)
            for i in 0..<n {
                let p1 = Likelihood.sigmoid(mu[i] * Self.probitScale(v[i]))
                p[2 * i] = 1 - p1
                p[2 * i + 1] = p1
            }
            return .probabilities(p, classes: 2)
        case .categorical:
            // E[softmax(f)] over f ~ N(μᵢ, Cᵢ) by Gumbel-max quadrature (`SoftmaxExpectation`).
            return .probabilities(
                SoftmaxExpectation.probabilities(means: mu, covariances: c, rows: n, classes: k), classes: k)
        case .poisson:
            // f ~ N(μ, v): E[eᶠ] = e^(μ+v/2); Var[y] = E[eᶠ] + Var[eᶠ] = r + (eᵛ − 1)r²
            var rate = [Double](repeating: 0, count: n)
            var variance = rate
            for i in 0..<n {
                let r = Double.exp(mu[i] + 0.5 * v[i])
                rate[i] = r
                variance[i] = r + Double.expMinusOne(v[i]) * r * r
            }
            return .poisson(rate: rate, variance: variance)
        }
    }

    @inline(__always) static func probitScale(_ v: Double) -> Double { 1 / Double.sqrt(1 + Double.pi * v / 8) }

    /// Averages the likelihood's predictive over θ ~ q.
    func monteCarlo(_ x: [Double], count n: Int, samples: Int, seed: UInt64) -> Predictive {
        monteCarloWithMoments(x, count: n, samples: samples, seed: seed, moments: false).predictive
    }

    /// The Monte-Carlo predictive and, when `moments`, the mean and variance of f itself over the same draws (what
    /// `monteCarloMoments` returns with the same seed): one pass of forward evaluations instead of two.
    func monteCarloWithMoments(
        _ x: [Double], count n: Int, samples: Int, seed: UInt64, moments: Bool
    ) -> (predictive: Predictive, mean: [Double], variance: [Double]) {
        let k = spec.likelihood.outputs
        let likelihood = spec.likelihood
        var rawMoments: (mean: [Double], variance: [Double])? = moments ? ([], []) : nil
        // E[y | θ] per example: the mean of the likelihood at f(θ, x).
        let (mean, spread) = monteCarloMoments(x, count: n, samples: samples, seed: seed, raw: &rawMoments) { f in
            switch likelihood {
            case .gaussian: return f
            case .bernoulli: return f.map { Likelihood.sigmoid($0) }
            case .poisson: return f.map { Double.exp($0) }
            case .categorical:
                var p = f
                f.withUnsafeBufferPointer { lp in
                    p.withUnsafeMutableBufferPointer { out in
                        for i in 0..<n { Likelihood.softmax(lp, row: i, k: k, into: out) }
                    }
                }
                return p
            }
        }
        let predictive: Predictive =
            switch likelihood {
            case .gaussian(let s2): .gaussian(mean: mean, variance: spread.map { $0 + s2 }, dof: nil)
            case .bernoulli: .probabilities((0..<n).flatMap { [1 - mean[$0], mean[$0]] }, classes: 2)
            case .categorical(let k): .probabilities(mean, classes: k)
            case .poisson: .poisson(rate: mean, variance: zip(mean, spread).map { $0 + $1 })
            }
        return (predictive, rawMoments?.mean ?? [], rawMoments?.variance ?? [])
    }

    /// Mean and variance over `samples` draws θ ~ q of `transform(f(θ, x))`, elementwise (n × K each).
    func monteCarloMoments(
        _ x: [Double], count n: Int, samples: Int, seed: UInt64, transform: ([Double]) -> [Double] = { $0 }
    ) -> (mean: [Double], variance: [Double]) {
        var none: (mean: [Double], variance: [Double])? = nil
        return monteCarloMoments(x, count: n, samples: samples, seed: seed, raw: &none, transform: transform)
    }

    /// As above; when `raw` is non-nil it receives the mean and variance of f itself over the same draws.
    func monteCarloMoments(
        _ x: [Double], count n: Int, samples: Int, seed: UInt64, raw: inout (mean: [Double], variance: [Double])?,
        transform: ([Double]) -> [Double] = { $0 }
    ) -> (mean: [Double], variance: [Double]) {
        let architecture = spec.architecture
        let k = architecture.outputs
        var rng = Xoshiro256(seed: seed)
        var noise = [Double](repeating: 0, count: posterior.dimension)
        var first = [Double](repeating: 0, count: n * k)
        var second = first
        let keepRaw = raw != nil
        var rawFirst = keepRaw ? first : []
        var rawSecond = rawFirst
        for _ in 0..<samples {
            rng.fillStandardNormal(&noise)
            let f = architecture.forward(posterior.sample(fromStandardNormal: noise), x, count: n).output
            let g = transform(f)
            for i in 0..<(n * k) { first[i] += g[i]; second[i] += g[i] * g[i] }
            if keepRaw { for i in 0..<(n * k) { rawFirst[i] += f[i]; rawSecond[i] += f[i] * f[i] } }
        }
        let s = Double(samples)
        func moments(_ first: [Double], _ second: [Double]) -> (mean: [Double], variance: [Double]) {
            let mean = first.map { $0 / s }
            return (mean, (0..<(n * k)).map { max(second[$0] / s - mean[$0] * mean[$0], 0) })
        }
        if keepRaw { raw = moments(rawFirst, rawSecond) }
        return moments(first, second)
    }
}

extension Model {
    /// The predictive of the base prior in the current coordinates (standardisation statistics kept): what the
    /// model would say after forgetting everything. Used to locate a change inside a batch.
    func priorPredictive(_ x: [Double]) throws -> Predictive {
        var prior = try Model(spec: spec)
        prior.scaler = scaler
        prior.targetScaler = targetScaler
        return try prior.predict(x)
    }
}
