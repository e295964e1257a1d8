import RealModule

extension SoftmaxExpectation {
    /// Σ softmax(μ + Lε)/N over 2048 antithetic pairs ε, −ε with L the Cholesky factor of C (a jitter of 10⁻¹⁰·tr C
    /// for a singular one); a fixed seed, so predictions are reproducible.
    static func monteCarlo(mean mu: [Double], covariance c: [Double]) -> [Double] {
        let k = mu.count
        var jittered = c
        let trace = (0..<k).reduce(0.0) { $0 + c[$1 * k + $1] }
        for a in 0..<k { jittered[a * k + a] += 1e-10 * max(trace, 1e-300) }
        guard let factor = LinearAlgebra.cholesky(jittered, k) else { return Array(repeating: 1 / Double(k), count: k) }
        var rng = Xoshiro256(seed: 0x534F_4654_4D41_5821)
        var epsilon = [Double](repeating: 0, count: k)
        var p = [Double](repeating: 0, count: k)
        var f = p
        let pairs = 2048
        for _ in 0..<pairs {
            rng.fillStandardNormal(&epsilon)
            for sign in [1.0, -1.0] {
                // f = μ + L ε, L lower, column-major in the factor
                for a in 0..<k {
                    var s = 0.0
                    for b in 0...a { s += factor[b * k + a] * epsilon[b] }
                    f[a] = mu[a] + sign * s
                }
                let top = f.max()!
                var total = 0.0
                for a in 0..<k { f[a] = Double.exp(f[a] - top); total += f[a] }
                for a in 0..<k { p[a] += f[a] / total }
            }
        }
        return p.map { $0 / Double(2 * pairs) }
    }
}
