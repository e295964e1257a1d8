import RealModule

/// The observation model p(y | f) on the network outputs f ∈ ℝᴷ, with its negative log-likelihood
/// ℓ(f, y) = −log p(y | f), gradient ∂ℓ/∂f and curvature ∂²ℓ/∂f² (all canonical links, so the curvature
/// does not depend on y and is positive semi-definite).
///
/// References: Khan & Rue, "The Bayesian Learning Rule", JMLR 2023, §3 (exponential-family likelihoods).
public enum Likelihood: Sendable, Hashable {
    /// y ~ N(f, σ²) with known noise variance σ².
    case gaussian(noiseVariance: Double)
    /// y ∈ {0, 1}, P(y = 1) = sigmoid(f).
    case bernoulli
    /// y ∈ {0, …, K−1}, P(y = k) = softmax(f)ₖ.
    case categorical(classes: Int)
    /// y ∈ {0, 1, 2, …}, y ~ Poisson(exp f).
    case poisson

    /// K, the number of network outputs.
    public var outputs: Int {
        if case .categorical(let k) = self { return k }
        return 1
    }

    /// Classes of the predictive distribution for classification (binary: 2), nil otherwise.
    public var classes: Int? {
        switch self {
        case .bernoulli: return 2
        case .categorical(let k): return k
        default: return nil
        }
    }

    /// ∂²ℓ/∂f² at f = 0 (the largest for bernoulli and categorical): the per-example curvature scale that
    /// IVON's h starts from.
    public var referenceCurvature: Double {
        switch self {
        case .gaussian(let s2): return 1 / s2
        case .bernoulli, .categorical: return 0.25
        case .poisson: return 1
        }
    }

    /// Refuses labels the likelihood cannot have produced.
    public func validate(labels y: [Double]) throws {
        let bad: Int?
        let reason: String
        switch self {
        case .gaussian:
            return
        case .bernoulli:
            bad = y.firstIndex { $0 != 0 && $0 != 1 }
            reason = "bernoulli labels are 0 or 1"
        case .categorical(let k):
            let top = Double(k)
            bad = y.firstIndex { !($0 >= 0 && $0 < top && $0.rounded(.towardZero) == $0) }
            reason = "class index must be an integer in 0..<\(k)"
        case .poisson:
            bad = y.firstIndex { !($0 >= 0 && $0.rounded(.towardZero) == $0) }
            reason = "counts are non-negative integers"
        }
        if let i = bad { throw InferenceError.invalidLabel(index: i, value: y[i], reason: reason) }
    }

    /// Σᵢ ℓ(fᵢ, yᵢ) for outputs `f` (n×K, row-major).
    func loss(_ f: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        switch self {
        case .gaussian(let s2):
            let c = 0.5 * Double.log(2 * .pi * s2)
            for i in 0..<y.count { let r = y[i] - f[i]; total += c + 0.5 * r * r / s2 }
        case .bernoulli:
            for i in 0..<y.count { total += Self.softplus(f[i]) - y[i] * f[i] }
        case .categorical(let k):
            for i in 0..<y.count {
                let row = UnsafeBufferPointer(rebasing: f[(i * k)..<(i * k + k)])
                total += Self.logSumExp(row) - row[Int(y[i])]
            }
        case .poisson:
            for i in 0..<y.count { total += Double.exp(f[i]) - y[i] * f[i] + Double.logGamma(y[i] + 1) }
        }
        return total
    }

    /// Writes the residual r = ∂ℓ/∂f (n×K) of every example.
    func residual(_ f: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .gaussian(let s2):
            let inv = 1 / s2
            for i in 0..<y.count { r[i] = (f[i] - y[i]) * inv }
        case .bernoulli:
            for i in 0..<y.count { r[i] = Self.sigmoid(f[i]) - y[i] }
        case .categorical(let k):
            for i in 0..<y.count {
                Self.softmax(f, row: i, k: k, into: r)
                r[i * k + Int(y[i])] -= 1
            }
        case .poisson:
            for i in 0..<y.count { r[i] = Double.exp(f[i]) - y[i] }
        }
    }

    /// Writes the curvature of every example. K = 1: w = ∂²ℓ/∂f² (n values). Categorical: the softmax
    /// probabilities p (n×K), whose curvature is Λ = diag(p) − p·pᵀ.
    func curvature(_ f: UnsafeBufferPointer<Double>, count n: Int, into w: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .gaussian(let s2):
            for i in 0..<n { w[i] = 1 / s2 }
        case .bernoulli:
            for i in 0..<n { let s = Self.sigmoid(f[i]); w[i] = s * (1 - s) }
        case .categorical(let k):
            for i in 0..<n { Self.softmax(f, row: i, k: k, into: w) }
        case .poisson:
            for i in 0..<n { w[i] = Double.exp(f[i]) }
        }
    }

    @inline(__always) static func sigmoid(_ f: Double) -> Double {
        f >= 0 ? 1 / (1 + Double.exp(-f)) : { let e = Double.exp(f); return e / (1 + e) }()
    }

    /// log(1 + eᶠ) without overflow.
    @inline(__always) static func softplus(_ f: Double) -> Double {
        max(f, 0) + Double.log(onePlus: Double.exp(-abs(f)))
    }

    static func logSumExp(_ row: UnsafeBufferPointer<Double>) -> Double {
        let top = row.max() ?? 0
        var s = 0.0
        for v in row { s += Double.exp(v - top) }
        return top + Double.log(s)
    }

    @inline(__always) static func softmax(
        _ f: UnsafeBufferPointer<Double>, row i: Int, k: Int, into p: UnsafeMutableBufferPointer<Double>
    ) {
        var top = -Double.infinity
        for j in 0..<k { top = max(top, f[i * k + j]) }
        var s = 0.0
        for j in 0..<k { let e = Double.exp(f[i * k + j] - top); p[i * k + j] = e; s += e }
        let inv = 1 / s
        for j in 0..<k { p[i * k + j] *= inv }
    }
}

extension Likelihood {
    /// Σᵢ ℓ(fᵢ, yᵢ).
    func totalLoss(_ f: [Double], _ y: [Double]) -> Double {
        f.withUnsafeBufferPointer { fp in y.withUnsafeBufferPointer { loss(fp, $0) } }
    }

    /// r = ∂ℓ/∂f for every example (n × K).
    func residuals(_ f: [Double], _ y: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: f.count)
        f.withUnsafeBufferPointer { fp in
            y.withUnsafeBufferPointer { yp in r.withUnsafeMutableBufferPointer { residual(fp, yp, into: $0) } }
        }
        return r
    }

    /// Residuals and curvatures together; for one-output likelihoods one pass shares the sigmoid or exponential.
    func residualsAndCurvatures(_ f: [Double], _ y: [Double]) -> (residual: [Double], curvature: [Double]) {
        let n = y.count
        switch self {
        case .bernoulli:
            var r = [Double](repeating: 0, count: n)
            var w = r
            for i in 0..<n { let s = Self.sigmoid(f[i]); r[i] = s - y[i]; w[i] = s * (1 - s) }
            return (r, w)
        case .poisson:
            var r = [Double](repeating: 0, count: n)
            var w = r
            for i in 0..<n { let e = Double.exp(f[i]); r[i] = e - y[i]; w[i] = e }
            return (r, w)
        case .gaussian, .categorical:
            return (residuals(f, y), curvatures(f, count: n))
        }
    }

    /// The curvature of every example, as `curvature(_:count:into:)` writes it.
    func curvatures(_ f: [Double], count n: Int) -> [Double] {
        var w = [Double](repeating: 0, count: outputs > 1 ? n * outputs : n)
        f.withUnsafeBufferPointer { fp in w.withUnsafeMutableBufferPointer { curvature(fp, count: n, into: $0) } }
        return w
    }
}
