import RealModule

extension Predictive {
    /// −log p(yᵢ) of every label under this predictive: the "surprise" a drift detector watches. Same
    /// conventions as `PrequentialMetrics` (probabilities clipped at 1e-15, variance floored at 1e-12).
    public func surprise(labels y: [Double]) -> [Double] {
        switch self {
        case .probabilities(let p, let k):
            return y.indices.map { -Double.log(min(max(p[$0 * k + Int(y[$0])], 1e-15), 1)) }
        case .gaussian(let mean, let variance):
            return y.indices.map {
                let v = max(variance[$0], 1e-12)
                let r = y[$0] - mean[$0]
                return 0.5 * Double.log(2 * .pi * v) + 0.5 * r * r / v
            }
        case .poisson(let rate, _):
            return y.indices.map {
                let lam = max(rate[$0], 1e-12)
                return lam - y[$0] * Double.log(lam) + Double.logGamma(y[$0] + 1)
            }
        }
    }
}
