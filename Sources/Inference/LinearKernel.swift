/// Fused single-pass loops for the most common model, a one-output linear network (gaussian, bernoulli or
/// poisson likelihood): per row, the score f = x·w + b, the likelihood's residual r and curvature λ, and the
/// running sums Σ r·x̃ (gradient) and Σ λ·x̃⊙x̃ (Gauss–Newton diagonal). One pass, no temporaries: the
/// general BLAS path allocates and walks the batch four times.
enum LinearKernel {
    struct Sums {
        var gradient: [Double]
        var gaussNewton: [Double]
    }

    /// Whether the kernel applies: one output, linear network, not categorical.
    static func applies(to architecture: Architecture) -> Bool {
        architecture.network.isLinear && architecture.outputs == 1
    }

    /// Σᵢ ∇ℓᵢ (and, with `curvature`, Σᵢ λᵢ x̃ᵢ⊙x̃ᵢ) at θ over the rows of x (n × d).
    static func sums(
        _ theta: [Double], x: [Double], y: [Double], features d: Int, bias: Bool, likelihood: Likelihood,
        curvature: Bool
    ) -> Sums {
        let n = y.count
        let p = theta.count
        var gradient = [Double](repeating: 0, count: p)
        var ggn = [Double](repeating: 0, count: curvature ? p : 0)
        theta.withUnsafeBufferPointer { tp in
            x.withUnsafeBufferPointer { xp in
                gradient.withUnsafeMutableBufferPointer { gp in
                    ggn.withUnsafeMutableBufferPointer { hp in
                        let t = tp.baseAddress!, g = gp.baseAddress!
                        let b = bias ? t[d] : 0
                        var row = xp.baseAddress!
                        var rSum = 0.0, wSum = 0.0
                        for i in 0..<n {
                            var f = b
                            for j in 0..<d { f += row[j] * t[j] }
                            let (r, w) = likelihood.pointDerivatives(f, y[i])
                            rSum += r
                            for j in 0..<d { g[j] += r * row[j] }
                            if curvature {
                                let h = hp.baseAddress!
                                wSum += w
                                for j in 0..<d { h[j] += w * row[j] * row[j] }
                            }
                            row += d
                        }
                        if bias {
                            g[d] = rSum
                            if curvature { hp[d] = wSum }
                        }
                    }
                }
            }
        }
        return Sums(gradient: gradient, gaussNewton: ggn)
    }

    /// Σᵢ ℓ(x̃ᵢ·θ, yᵢ).
    static func loss(_ theta: [Double], x: [Double], y: [Double], features d: Int, bias: Bool, likelihood: Likelihood)
        -> Double
    {
        let n = y.count
        var total = 0.0
        theta.withUnsafeBufferPointer { tp in
            x.withUnsafeBufferPointer { xp in
                let t = tp.baseAddress!
                let b = bias ? t[d] : 0
                var row = xp.baseAddress!
                for i in 0..<n {
                    var f = b
                    for j in 0..<d { f += row[j] * t[j] }
                    total += likelihood.pointLoss(f, y[i])
                    row += d
                }
            }
        }
        return total
    }
}
