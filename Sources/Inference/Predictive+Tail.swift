import RealModule

extension Predictive {
    /// πᵢ = P(p(Y) ≤ p(yᵢ)) for Y drawn from this predictive at row i: the probability of a label at least as
    /// unlikely as the one observed — a predictive p-value (Box 1980), uniform (or larger) when the predictive is
    /// right. Probabilities: the mass of the classes no more probable than yᵢ. Gaussian: 2Φ(−|yᵢ − μᵢ|/√vᵢ);
    /// Student-t (with `dof` ν, variance V, scale² = V(ν − 2)/ν): P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, 1/2) (A & S
    /// 26.7.1). Poisson: the exact mass of the counts no more probable than yᵢ under Poisson(rate) (the rate's
    /// own uncertainty is left out, which makes π a little small while the rate is uncertain).
    ///
    /// References: Box, "Sampling and Bayes' inference in scientific modelling and robustness", JRSS A 1980;
    /// Abramowitz & Stegun 1964, 26.7.1.
    public func tailProbabilities(labels y: [Double]) -> [Double] {
        switch self {
        case .probabilities(let p, let k):
            return y.indices.map { i in
                let observed = p[i * k + Int(y[i])]
                // Ties count as "at least as unlikely" (≤), so a uniform predictive gives π = 1.
                return min((0..<k).reduce(0) { p[i * k + $1] <= observed * (1 + 1e-12) ? $0 + p[i * k + $1] : $0 }, 1)
            }
        case .gaussian(let mean, let variance, nil):
            return y.indices.map {
                Double.erfc(abs(y[$0] - mean[$0]) / (2 * max(variance[$0], 1e-12)).squareRoot())
            }
        case .gaussian(let mean, let variance, let nu?):
            return y.indices.map {
                let scale2 = max(variance[$0], 1e-12) * (nu - 2) / nu
                let t2 = (y[$0] - mean[$0]) * (y[$0] - mean[$0]) / scale2
                return IncompleteBeta.regularized(nu / (nu + t2), a: nu / 2, b: 0.5)
            }
        case .poisson(let rate, _):
            return y.indices.map { Self.poissonTail(count: y[$0], rate: rate[$0]) }
        }
    }

    /// For class probabilities, per row the values πᵢ can take below 1/2, ascending: with the classes sorted by
    /// probability p₍₁₎ ≤ p₍₂₎ ≤ …, the partial sums c_j = p₍₁₎ + … + p₍ⱼ₎, so that P(πᵢ ≤ t) = max{c_j ≤ t} (0 when
    /// none is) — what a test at level t costs at this row, known before the label. Nil for continuous labels
    /// (P(π ≤ t) = t) and counts (P(π ≤ t) ≤ t, taken as t).
    public var attainableTails: [[Double]]? {
        guard case .probabilities(let p, let k) = self else { return nil }
        return (0..<count).map { i in
            let sorted = p[(i * k)..<((i + 1) * k)].sorted()
            var out: [Double] = []
            var sum = 0.0
            var j = 0
            while j < k {
                // Tied classes (as `tailProbabilities` ties them) share one value of π.
                var end = j
                while end + 1 < k, sorted[end + 1] <= sorted[j] * (1 + 1e-12) { end += 1 }
                sum += sorted[j...end].reduce(0, +)
                guard sum < 0.5 else { break }
                out.append(sum)
                j = end + 1
            }
            return out
        }
    }

    /// Σ_{k: p(k) ≤ p(y)} p(k) for Poisson(λ) = 1 − the mass of the interval of counts around the mode that are
    /// more probable than y (the pmf is unimodal).
    static func poissonTail(count y: Double, rate: Double) -> Double {
        let lam = max(rate, 1e-12)
        func logp(_ k: Double) -> Double { k * Double.log(lam) - lam - Double.logGamma(k + 1) }
        let observed = logp(y) + 1e-12
        let mode = lam.rounded(.down)
        guard logp(mode) > observed else { return 1 }
        var inside = 0.0
        var k = mode
        while k >= 0, logp(k) > observed { inside += Double.exp(logp(k)); k -= 1 }
        k = mode + 1
        while logp(k) > observed, k - mode < 1e7 { inside += Double.exp(logp(k)); k += 1 }
        return min(max(1 - inside, 0), 1)
    }
}
