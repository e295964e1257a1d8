import RealModule

/// E[softmax(f)] for Gaussian logits f ~ N(μ, C): the categorical predictive of a linear model.
///
/// Method ("GMQ-1", Gumbel-max quadrature with a first-order correlation term). softmaxₐ(f) = P(argmax_b(f_b + G_b) =
/// a) for independent standard Gumbel G (the random-utility identity, McFadden 1974). With independent logits the
/// Xₐ = fₐ + Gₐ are independent, so pₐ = ∫ f_{Xₐ}(u) Π_{b≠a} F_{X_b}(u) du exactly — a 1-D integral, which the
/// trapezoid rule computes to exponential accuracy (Trefethen & Weideman, SIAM Review 2014). The CDF of
/// fₐ + Gₐ, a normal plus a Gumbel, is one tabulated function H(t; ρ) of the standardised argument and of the
/// normal's share ρ of the spread. A softmax depends on logit differences only, so any C whose contrasts satisfy
/// Var(fₐ − f_b) = Dₐ + D_b acts exactly like independent logits with variances D; D is fitted to the contrasts by
/// least squares and the remainder R enters through Price's theorem to first order: ½ Σ_{b≠c} R_bc ∂²pₐ/∂μ_b∂μ_c
/// (Price, IRE Trans. Inf. Theory 1958). A block posterior gives a diagonal C: exact up to the quadrature.
///
/// Accuracy (against 100 000–1 000 000 Monte-Carlo draws, helper study on 1 740 cases, K = 2…20, logit variances
/// 0.01…500, full and block Laplace posteriors of a 10-class 64-feature model): max error 0.0013 on the Laplace
/// posteriors, ≤ 0.0039 on synthetic ones; the pairwise probit it replaces erred by 0.14 on the same posteriors
/// (under-confident: ECE 0.17–0.61 on a digits stream). When the residual correlation is large (κ =
/// max|R_ab|/(σₐσ_b) > 0.2, never seen on Laplace posteriors; strongly low-rank synthetic C), it falls back to Monte
/// Carlo with 2048 antithetic pairs (its standard error is at most 0.008, 0.003 typical).
///
/// References: McFadden, "Conditional logit analysis of qualitative choice behavior", 1974; Maddison, Tarlow &
/// Minka, "A* sampling", NeurIPS 2014 (Gumbel-max); Price 1958; Trefethen & Weideman 2014.
enum SoftmaxExpectation {
    static let eulerGamma = 0.577_215_664_901_532_9
    /// sd of the standard Gumbel, π/√6.
    static let gumbelSD = Double.pi / 6.0.squareRoot()
    static let tMin = -8.0, tMax = 14.0, dt = 0.05
    static let rhoRows = 161
    static let tColumns = Int(((tMax - tMin) / dt).rounded()) + 1
    static let kappaLimit = 0.2
    static let maxNodes = 1024

    /// p (n × K) for n rows: μ (n × K) and C (n × K × K, row-major), one workspace for all rows.
    static func probabilities(means mu: [Double], covariances c: [Double], rows n: Int, classes k: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * k)
        var work = Workspace(classes: k)
        mu.withUnsafeBufferPointer { mp in
            c.withUnsafeBufferPointer { cp in
                out.withUnsafeMutableBufferPointer { op in
                    for i in 0..<n {
                        probabilities(
                            mean: UnsafeBufferPointer(rebasing: mp[(i * k)..<((i + 1) * k)]),
                            covariance: UnsafeBufferPointer(rebasing: cp[(i * k * k)..<((i + 1) * k * k)]),
                            into: UnsafeMutableBufferPointer(rebasing: op[(i * k)..<((i + 1) * k)]), work: &work)
                    }
                }
            }
        }
        return out
    }

    /// p (K) for one row: μ (K) and C (K × K, row-major).
    static func probabilities(mean mu: [Double], covariance c: [Double]) -> [Double] {
        probabilities(means: mu, covariances: c, rows: 1, classes: mu.count)
    }

    /// The per-row buffers, allocated once per batch.
    struct Workspace {
        var d, sigma, residual, acc, r, curvature, w, cdf, density, slope: [Double]

        init(classes k: Int) {
            d = [Double](repeating: 0, count: k)
            sigma = d
            acc = d
            r = d
            curvature = d
            w = d
            residual = [Double](repeating: 0, count: k * k)
            cdf = [Double](repeating: 0, count: k * SoftmaxExpectation.maxNodes)
            density = cdf
            slope = cdf
        }
    }

    static func probabilities(
        mean mu: UnsafeBufferPointer<Double>, covariance c: UnsafeBufferPointer<Double>,
        into p: UnsafeMutableBufferPointer<Double>, work: inout Workspace
    ) {
        let k = mu.count
        if k == 1 {
            p[0] = 1
            return
        }
        // Logits past double range (an input far outside the data) have no expectation to compute: NaN, which the
        // caller refuses as a non-finite prediction.
        guard mu.allSatisfy(\.isFinite), c.allSatisfy(\.isFinite) else {
            for a in 0..<k { p[a] = .nan }
            return
        }
        // 1. The least-squares diagonal equivalent D of the contrast variances Vₐ_b = Cₐₐ + C_bb − 2Cₐ_b ≈ Dₐ + D_b
        //    (D = diag C when C is diagonal, as for a block posterior), then the residual R and its size κ.
        var diagonal = true
        for a in 0..<k { for b in 0..<k where a != b && c[a * k + b] != 0 { diagonal = false } }
        var kappa = 0.0
        if diagonal {
            for a in 0..<k { work.d[a] = max(c[a * k + a], 0) }
        } else if k == 2 {
            let v = c[0] + c[3] - 2 * c[1]
            work.d[0] = max(v / 2, 0)
            work.d[1] = work.d[0]
        } else {
            var total = 0.0
            for a in 0..<k {
                var s = 0.0
                for b in 0..<k { s += c[a * k + a] + c[b * k + b] - 2 * c[a * k + b] }
                work.d[a] = s
                total += s
            }
            let s = total / Double(2 * (k - 1))
            for a in 0..<k { work.d[a] = max(0, (work.d[a] - s) / Double(k - 2)) }
        }
        for a in 0..<k { work.sigma[a] = (work.d[a] + gumbelSD * gumbelSD).squareRoot() }
        for a in 0..<k {
            for b in 0..<k {
                guard a != b, !diagonal else { work.residual[a * k + b] = 0; continue }
                let v = c[a * k + a] + c[b * k + b] - 2 * c[a * k + b]
                work.residual[a * k + b] = -(v - work.d[a] - work.d[b]) / 2
                kappa = max(kappa, abs(work.residual[a * k + b]) / (work.sigma[a] * work.sigma[b]))
            }
        }
        if kappa > kappaLimit {
            let q = monteCarlo(mean: Array(mu), covariance: Array(c))
            for a in 0..<k { p[a] = q[a] }
            return
        }
        let correlated = kappa > 1e-12
        // 2. The grid: from the second-highest lower edge (below it the product of CDFs vanishes) to the highest
        //    upper edge, spaced by the narrowest class's spread.
        var top = -Double.infinity, second = -Double.infinity, hi = -Double.infinity, narrowest = Double.infinity
        for a in 0..<k {
            let low = mu[a] + eulerGamma - 5 * work.sigma[a]
            if low > top { (second, top) = (top, low) } else if low > second { second = low }
            hi = max(hi, mu[a] + eulerGamma + 7 * work.sigma[a])
            narrowest = min(narrowest, work.sigma[a])
        }
        let lo = second
        let spacing = narrowest * (2 / (1 + Double.log(Double(k)))).squareRoot()
        let span = ((hi - lo) / spacing).rounded(.up)
        guard span.isFinite, spacing > 0 else {
            for a in 0..<k { p[a] = .nan }
            return
        }
        let nodes = Int(min(max(span, 1), Double(maxNodes - 1))) + 1
        let h = (hi - lo) / Double(nodes - 1)
        // 3. H, its density and the density's slope per class on the grid: cubic Hermite in t (values and
        //    derivatives from the table), linear in ρ.
        table.withUnsafeBufferPointer { tp in
            work.cdf.withUnsafeMutableBufferPointer { cdf in
                work.density.withUnsafeMutableBufferPointer { density in
                    work.slope.withUnsafeMutableBufferPointer { slope in
                        for a in 0..<k {
                            let inverse = 1 / work.sigma[a]
                            let q = work.d[a].squareRoot() * inverse * Double(rhoRows - 1)
                            let i = min(Int(q), rhoRows - 2)
                            let x = q - Double(i), wa = 1 - x
                            let (o0, o1) = (i * tColumns, (i + 1) * tColumns)
                            let t0 = (lo - mu[a] - eulerGamma) * inverse, tStep = h * inverse
                            for j in 0..<nodes {
                                let t = t0 + Double(j) * tStep
                                let at = a * nodes + j
                                guard t > tMin, t < tMax else {
                                    (cdf[at], density[at], slope[at]) = (t >= tMax ? 1 : 0, 0, 0)
                                    continue
                                }
                                let sj = (t - tMin) / dt
                                let jj = Int(sj)
                                let s = sj - Double(jj)
                                let h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = dt * s * (1 - s) * (1 - s)
                                let h01 = s * s * (3 - 2 * s), h11 = dt * s * s * (s - 1)
                                let d00 = 6 * s * (s - 1) / dt, d10 = (1 - s) * (1 - 3 * s), d11 = s * (3 * s - 2)
                                let e0 = 3 * (o0 + jj), e1 = 3 * (o1 + jj)
                                let a0 = wa * tp[e0] + x * tp[e1], a1 = wa * tp[e0 + 3] + x * tp[e1 + 3]
                                let b0 = wa * tp[e0 + 1] + x * tp[e1 + 1], b1 = wa * tp[e0 + 4] + x * tp[e1 + 4]
                                let c0 = wa * tp[e0 + 2] + x * tp[e1 + 2], c1 = wa * tp[e0 + 5] + x * tp[e1 + 5]
                                cdf[at] = min(max(h00 * a0 + h01 * a1 + h10 * b0 + h11 * b1, 0), 1)
                                density[at] = max(h00 * b0 + h01 * b1 + h10 * c0 + h11 * c1, 0) * inverse
                                slope[at] = (d00 * (b0 - b1) + d10 * c0 + d11 * c1) * inverse * inverse
                            }
                        }
                    }
                }
            }
        }
        // 4. The trapezoid sum of f_{Xₐ} Π_{b≠a} F_{X_b} = P·rₐ with rₐ = f/F (and Price's term when correlated).
        for a in 0..<k { work.acc[a] = 0 }
        for j in 0..<nodes {
            var product = 1.0
            var vanishes = false
            for a in 0..<k {
                let f = work.cdf[a * nodes + j]
                if f < 1e-150 {
                    vanishes = true
                    break
                }
                product *= f
                work.r[a] = work.density[a * nodes + j] / f
                work.curvature[a] = work.slope[a * nodes + j] / f
            }
            if vanishes { continue }
            guard correlated else {
                for a in 0..<k { work.acc[a] += product * work.r[a] }
                continue
            }
            var quadratic = 0.0
            for a in 0..<k {
                var s = 0.0
                for b in 0..<k { s += work.residual[a * k + b] * work.r[b] }
                work.w[a] = s
                quadratic += work.r[a] * s
            }
            for a in 0..<k {
                let r = work.r[a]
                work.acc[a] += product * (r + 0.5 * r * (quadratic - 2 * r * work.w[a]) + work.curvature[a] * work.w[a])
            }
        }
        var total = 0.0
        for a in 0..<k {
            p[a] = max(work.acc[a] * h, 0)
            total += p[a]
        }
        guard total > 0, total.isFinite else {
            let q = monteCarlo(mean: Array(mu), covariance: Array(c))
            for a in 0..<k { p[a] = q[a] }
            return
        }
        for a in 0..<k { p[a] /= total }
    }
}
