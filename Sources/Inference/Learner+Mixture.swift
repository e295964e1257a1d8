extension Learner {
    /// Σₘ wₘpₘ: probabilities exactly; gaussian and poisson by the mixture's mean and variance (one member keeps
    /// its Student-t degrees of freedom).
    static func mixture(_ ps: [Predictive], weights w: [Double]) -> Predictive {
        // Only members with weight: one at weight 0 may hold NaN, and 0·NaN is NaN.
        let present = w.indices.filter { w[$0] > 0 }
        if present.count == 1 { return ps[present[0]] }
        func moments(_ means: [[Double]], _ variances: [[Double]]) -> ([Double], [Double]) {
            let n = means[present[0]].count
            var mean = [Double](repeating: 0, count: n)
            var second = mean
            for m in present {
                for i in 0..<n {
                    mean[i] += w[m] * means[m][i]
                    second[i] += w[m] * (variances[m][i] + means[m][i] * means[m][i])
                }
            }
            return (mean, (0..<n).map { max(second[$0] - mean[$0] * mean[$0], 0) })
        }
        switch ps[present[0]] {
        case .probabilities(_, let k):
            var out = [Double](repeating: 0, count: ps[present[0]].count * k)
            for m in present {
                guard case .probabilities(let values, _) = ps[m] else { continue }
                for i in 0..<out.count { out[i] += w[m] * values[i] }
            }
            return .probabilities(out, classes: k)
        case .gaussian:
            var means: [[Double]] = [], variances: [[Double]] = []
            for case .gaussian(let mean, let variance, _) in ps { means.append(mean); variances.append(variance) }
            let (mean, variance) = moments(means, variances)
            return .gaussian(mean: mean, variance: variance, dof: nil)
        case .poisson:
            var means: [[Double]] = [], variances: [[Double]] = []
            for case .poisson(let rate, let variance) in ps { means.append(rate); variances.append(variance) }
            let (mean, variance) = moments(means, variances)
            return .poisson(rate: mean, variance: variance)
        }
    }
}
