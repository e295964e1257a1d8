import RealModule

extension SoftmaxExpectation {
    /// (H, ∂H/∂t, ∂²H/∂t²) of H(t; ρ) = P(ρZ + √(1 − ρ²)G̃ ≤ t), Z standard normal and G̃ a standardised Gumbel, on
    /// ρᵢ = i/160 × t_j = −8 + 0.05j, interleaved. Built once, by trapezoid sums over the normal (ρ ≤ 0.7) or the
    /// Gumbel (ρ > 0.7) variable.
    static let table: [Double] = {
        let step = 0.1
        var z: [Double] = [], wz: [Double] = [], g: [Double] = [], wg: [Double] = []
        var v = -9.0
        while v <= 9.0 + 1e-9 { z.append(v); wz.append(Double.exp(-v * v / 2)); v += step }
        let sz = wz.reduce(0, +)
        wz = wz.map { $0 / sz }
        v = -3.0
        while v <= 30.0 + 1e-9 {
            let y = eulerGamma + gumbelSD * v
            g.append(v)
            wg.append(gumbelSD * Double.exp(-y - Double.exp(-y)))
            v += step
        }
        let sg = wg.reduce(0, +)
        wg = wg.map { $0 / sg }
        var out = [Double](repeating: 0, count: 3 * rhoRows * tColumns)
        for i in 0..<rhoRows {
            let r = Double(i) / Double(rhoRows - 1)
            let c = max(1 - r * r, 0).squareRoot()
            for j in 0..<tColumns {
                let t = tMin + Double(j) * dt
                var (a0, a1, a2) = (0.0, 0.0, 0.0)
                if r <= 0.7 {
                    for k in z.indices {
                        let y = eulerGamma + gumbelSD * (t - r * z[k]) / c
                        let e = Double.exp(-y), cdf = Double.exp(-e), pdf = gumbelSD * e * cdf
                        a0 += wz[k] * cdf
                        a1 += wz[k] * pdf
                        a2 += wz[k] * gumbelSD * pdf * (e - 1)
                    }
                    a1 /= c
                    a2 /= c * c
                } else {
                    for k in g.indices {
                        let x = (t - c * g[k]) / r
                        let phi = Double.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
                        a0 += wg[k] * 0.5 * Double.erfc(-x / 2.0.squareRoot())
                        a1 += wg[k] * phi
                        a2 -= wg[k] * x * phi
                    }
                    a1 /= r
                    a2 /= r * r
                }
                let e = 3 * (i * tColumns + j)
                out[e] = a0
                out[e + 1] = a1
                out[e + 2] = a2
            }
        }
        return out
    }()
}
