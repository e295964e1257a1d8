import RealModule

extension Predictive {
    /// −log p(yᵢ) of every label under this predictive's own density (Student-t when it has `dof`): the
    /// "surprise" a drift detector watches and a model average weighs its members by. Probabilities are clipped
    /// at 1e-15 and variances floored at 1e-12, as in `PrequentialMetrics`.
    public func surprise(labels y: [Double]) -> [Double] {
        switch self {
        case .probabilities(let p, let k):
            return y.indices.map { -Double.log(min(max(p[$0 * k + Int(y[$0])], 1e-15), 1)) }
        case .gaussian(let mean, let variance, nil):
            return y.indices.map { Self.gaussianScore(y[$0], mean: mean[$0], variance: variance[$0]) }
        case .gaussian(let mean, let variance, let dof?):
            // Student-t with ν = dof and variance V: scale² = V(ν − 2)/ν.
            let nu = dof
            let constant = Double.logGamma((nu + 1) / 2) - Double.logGamma(nu / 2) - 0.5 * Double.log(nu * .pi)
            return y.indices.map {
                let scale2 = max(variance[$0], 1e-12) * (nu - 2) / nu
                let r = y[$0] - mean[$0]
                return -constant + 0.5 * Double.log(scale2) + 0.5 * (nu + 1)
                    * Double.log(onePlus: r * r / (scale2 * nu))
            }
        case .poisson(let rate, _):
            return y.indices.map {
                let lam = max(rate[$0], 1e-12)
                return lam - y[$0] * Double.log(lam) + Double.logGamma(y[$0] + 1)
            }
        }
    }
}

extension Predictive {
    /// −log N(y; μ, v) with v floored at 1e-12: metrics.py's `gaussian_nll` of one example, the score of a
    /// predictive's first two moments.
    @inline(__always) static func gaussianScore(_ y: Double, mean: Double, variance: Double) -> Double {
        let v = max(variance, 1e-12)
        let r = y - mean
        return 0.5 * Double.log(2 * .pi * v) + 0.5 * r * r / v
    }
}
