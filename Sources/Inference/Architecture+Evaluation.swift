import RealModule

/// The intermediate values of one forward pass over a batch, kept for the backward pass.
struct ForwardPass {
    /// Layer inputs A₀ = X, A₁ = act(Z₀), …; each n × width, row-major.
    var inputs: [[Double]]
    /// The outputs F = Z_last, n × K.
    var output: [Double]
}

extension Architecture {
    /// f(θ, x) for every row of `x` (n × d): F (n × K). Zₗ = Aₗ·Wₗᵀ + bₗ, Aₗ₊₁ = act(Zₗ).
    func forward(_ theta: [Double], _ x: [Double], count n: Int) -> ForwardPass {
        if network.isLinear && outputs == 1 {
            return ForwardPass(inputs: [x], output: linearScores(theta, x, count: n))
        }
        let w = widths
        var inputs: [[Double]] = [x]
        var z: [Double] = []
        for l in 0..<(w.count - 1) {
            z = [Double](repeating: 0, count: n * w[l + 1])
            theta.withUnsafeBufferPointer { t in
                inputs[l].withUnsafeBufferPointer { a in
                    z.withUnsafeMutableBufferPointer { affine(l, a.baseAddress!, t, into: $0.baseAddress!, count: n) }
                }
            }
            if l < w.count - 2 {
                guard case .mlp(_, let activation, _) = network else { break }
                inputs.append(Self.activate(z, activation))
            }
        }
        return ForwardPass(inputs: inputs, output: z)
    }

    /// ∇θ Σᵢ rᵢ·fᵢ(θ) = Σᵢ Jᵢᵀ rᵢ for output-space residuals r (n × K), by backpropagation.
    func backward(_ pass: ForwardPass, _ theta: [Double], residual r: [Double], count n: Int) -> [Double] {
        var g = [Double](repeating: 0, count: parameterCount)
        if network.isLinear && outputs == 1 {
            // g_w = Xᵀr, g_b = Σ r: two passes of BLAS level 2 instead of a one-column gemm.
            let d = inputs
            g.withUnsafeMutableBufferPointer { gp in
                pass.inputs[0].withUnsafeBufferPointer { xp in
                    r.withUnsafeBufferPointer { rp in
                        LinearAlgebra.gemvT(n, d, 1, xp.baseAddress!, rp.baseAddress!, 0, gp.baseAddress!)
                        if network.hasBias { var s = 0.0; for i in 0..<n { s += rp[i] }; gp[d] = s }
                    }
                }
            }
            return g
        }
        let w = widths
        let offsets = layerOffsets
        var delta = r
        for l in stride(from: w.count - 2, through: 0, by: -1) {
            let (fanIn, fanOut) = (w[l], w[l + 1])
            g.withUnsafeMutableBufferPointer { gp in
                delta.withUnsafeBufferPointer { dp in
                    pass.inputs[l].withUnsafeBufferPointer { a in
                        // ∂/∂Wₗ = δₗᵀ·Aₗ
                        LinearAlgebra.gemmTN(
                            fanOut, fanIn, n, 1, dp.baseAddress!, a.baseAddress!, 0, gp.baseAddress! + offsets[l].weight
                        )
                    }
                    if let b = offsets[l].bias {
                        for i in 0..<n { for u in 0..<fanOut { gp[b + u] += dp[i * fanOut + u] } }
                    }
                }
            }
            if l > 0 { delta = propagate(delta, through: l, theta, pass, count: n) }
        }
        return g
    }

    /// J·v for every row: the directional derivative of F (n × K) at θ along v, by forward-mode differentiation
    /// of the pass at θ: Żₗ = Ȧₗ·Wₗᵀ + Aₗ·V_Wₗᵀ + v_bₗ, Ȧₗ₊₁ = act′(Zₗ) ⊙ Żₗ, Ȧ₀ = 0.
    func jacobianVectorProduct(_ pass: ForwardPass, _ theta: [Double], direction v: [Double], count n: Int) -> [Double]
    {
        let w = widths
        let offsets = layerOffsets
        var tangent: [Double] = []
        for l in 0..<(w.count - 1) {
            let (fanIn, fanOut) = (w[l], w[l + 1])
            var z = [Double](repeating: 0, count: n * fanOut)
            theta.withUnsafeBufferPointer { t in
                v.withUnsafeBufferPointer { vp in
                    pass.inputs[l].withUnsafeBufferPointer { a in
                        z.withUnsafeMutableBufferPointer { zp in
                            affine(l, a.baseAddress!, vp, into: zp.baseAddress!, count: n)
                            if l > 0 {
                                tangent.withUnsafeBufferPointer { tp in
                                    LinearAlgebra.gemmNT(
                                        n, fanOut, fanIn, 1, tp.baseAddress!, t.baseAddress! + offsets[l].weight, 1,
                                        zp.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            if l < w.count - 2, case .mlp(_, let activation, _) = network {
                let a = pass.inputs[l + 1]
                switch activation {
                case .tanh: for i in 0..<z.count { z[i] *= 1 - a[i] * a[i] }
                case .relu: for i in 0..<z.count where a[i] <= 0 { z[i] = 0 }
                }
            }
            tangent = z
        }
        return tangent
    }

    /// Z = A·Wₗᵀ + bₗ (n × fanOut) into `z`, with the weights and bias of layer l read from `parameters` (θ, or a
    /// direction in θ's layout).
    private func affine(
        _ l: Int, _ a: UnsafePointer<Double>, _ parameters: UnsafeBufferPointer<Double>,
        into z: UnsafeMutablePointer<Double>,
        count n: Int
    ) {
        let (fanIn, fanOut) = (widths[l], widths[l + 1])
        let offsets = layerOffsets[l]
        if let b = offsets.bias {
            for i in 0..<n { for u in 0..<fanOut { z[i * fanOut + u] = parameters[b + u] } }
        }
        LinearAlgebra.gemmNT(
            n, fanOut, fanIn, 1, a, parameters.baseAddress! + offsets.weight, offsets.bias == nil ? 0 : 1, z)
    }

    /// δₗ₋₁ = (δₗ·Wₗ) ⊙ act′(Zₗ₋₁).
    private func propagate(_ delta: [Double], through l: Int, _ theta: [Double], _ pass: ForwardPass, count n: Int)
        -> [Double]
    {
        let w = widths
        let (fanIn, fanOut) = (w[l], w[l + 1])
        var next = [Double](repeating: 0, count: n * fanIn)
        theta.withUnsafeBufferPointer { t in
            delta.withUnsafeBufferPointer { dp in
                next.withUnsafeMutableBufferPointer { np in
                    LinearAlgebra.gemmNN(
                        n, fanIn, fanOut, 1, dp.baseAddress!, t.baseAddress! + layerOffsets[l].weight, 0,
                        np.baseAddress!)
                }
            }
        }
        guard case .mlp(_, let activation, _) = network else { return next }
        let a = pass.inputs[l]
        switch activation {
        case .tanh: for i in 0..<next.count { next[i] *= 1 - a[i] * a[i] }
        case .relu: for i in 0..<next.count where a[i] <= 0 { next[i] = 0 }
        }
        return next
    }

    /// The diagonal of the generalised Gauss–Newton matrix Σᵢ Jᵢᵀ Λᵢ Jᵢ, where Λᵢ = ∂²ℓ/∂f² is given by
    /// `curvature` as the likelihood writes it (K = 1: the scalar wᵢ; categorical: the probabilities pᵢ with
    /// Λᵢ = diag(pᵢ) − pᵢpᵢᵀ). For a unit u with backpropagated sensitivities δᵏ of output k,
    /// diag(JᵀΛJ) over the weight (u, v) is cᵢᵤ·aᵢᵥ² with cᵢᵤ = Σₖ pₖ(δᵏᵢᵤ)² − (Σₖ pₖδᵏᵢᵤ)².
    ///
    /// - Parameter squaredInputs: x ⊙ x (n × d) for a one-output linear network, when the caller evaluates the
    ///   same batch repeatedly (Newton iterations, Monte-Carlo draws) and has computed it once.
    func gaussNewtonDiagonal(
        _ pass: ForwardPass, _ theta: [Double], curvature w: [Double], likelihood: Likelihood, count n: Int,
        squaredInputs: [Double]? = nil
    ) -> [Double] {
        if network.isLinear && outputs == 1 {
            // diag = (X ⊙ X)ᵀ w, and Σ wᵢ for the bias
            let d = inputs
            let squares = squaredInputs ?? pass.inputs[0].map { $0 * $0 }
            var diag = [Double](repeating: 0, count: parameterCount)
            diag.withUnsafeMutableBufferPointer { dp in
                squares.withUnsafeBufferPointer { sp in
                    w.withUnsafeBufferPointer { wp in
                        LinearAlgebra.gemvT(n, d, 1, sp.baseAddress!, wp.baseAddress!, 0, dp.baseAddress!)
                        if network.hasBias { var total = 0.0; for i in 0..<n { total += wp[i] }; dp[d] = total }
                    }
                }
            }
            return diag
        }
        let widths = self.widths
        let layers = widths.count - 1
        let k = outputs
        // c[l] (n × width(l+1)): the per-example, per-unit curvature of layer l's outputs.
        var c = (0..<layers).map { [Double](repeating: 0, count: n * widths[$0 + 1]) }
        var mean = (0..<layers).map { [Double](repeating: 0, count: n * widths[$0 + 1]) }
        let categorical = k > 1
        for out in 0..<k {
            // δ of output `out` at the last layer: the unit vector, weighted by √w for K = 1.
            var delta = [Double](repeating: 0, count: n * k)
            for i in 0..<n { delta[i * k + out] = 1 }
            for l in stride(from: layers - 1, through: 0, by: -1) {
                let width = widths[l + 1]
                for i in 0..<n {
                    let weight = categorical ? w[i * k + out] : w[i]
                    for u in 0..<width {
                        let d = delta[i * width + u]
                        c[l][i * width + u] += weight * d * d
                        if categorical { mean[l][i * width + u] += weight * d }
                    }
                }
                if l > 0 { delta = propagate(delta, through: l, theta, pass, count: n) }
            }
        }
        var diag = [Double](repeating: 0, count: parameterCount)
        let offsets = layerOffsets
        for l in 0..<layers {
            let (fanIn, fanOut) = (widths[l], widths[l + 1])
            if categorical { for i in 0..<c[l].count { c[l][i] -= mean[l][i] * mean[l][i] } }
            let squares = pass.inputs[l].map { $0 * $0 }
            diag.withUnsafeMutableBufferPointer { dp in
                c[l].withUnsafeBufferPointer { cp in
                    squares.withUnsafeBufferPointer { sp in
                        LinearAlgebra.gemmTN(
                            fanOut, fanIn, n, 1, cp.baseAddress!, sp.baseAddress!, 0,
                            dp.baseAddress! + offsets[l].weight)
                    }
                    if let b = offsets[l].bias {
                        for i in 0..<n { for u in 0..<fanOut { dp[b + u] += cp[i * fanOut + u] } }
                    }
                }
            }
        }
        return diag
    }

    /// f = X·w (+ b) for a one-output linear network.
    func linearScores(_ theta: [Double], _ x: [Double], count n: Int) -> [Double] {
        let d = inputs
        let b = network.hasBias ? theta[d] : 0
        var f = [Double](repeating: b, count: n)
        theta.withUnsafeBufferPointer { t in
            x.withUnsafeBufferPointer { xp in
                f.withUnsafeMutableBufferPointer { fp in
                    LinearAlgebra.gemv(n, d, 1, xp.baseAddress!, t.baseAddress!, 1, fp.baseAddress!)
                }
            }
        }
        return f
    }

    static func activate(_ z: [Double], _ activation: Activation) -> [Double] {
        switch activation {
        case .tanh: return z.map { Double.tanh($0) }
        case .relu: return z.map { max($0, 0) }
        }
    }
}
