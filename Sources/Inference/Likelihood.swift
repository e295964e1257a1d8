import RealModule
import Vocabulary

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

    /// The task whose labels this likelihood models: gaussian ↔ regression, bernoulli ↔ binary,
    /// categorical ↔ multiclass, poisson ↔ count.
    public var task: LearningTask {
        switch self {
        case .gaussian: return .regression
        case .bernoulli: return .binary
        case .categorical: return .multiclass
        case .poisson: return .count
        }
    }

    /// Refuses labels the likelihood cannot have produced, by its task's rule (``InvalidLabel``).
    public func validate(labels y: [Double]) throws {
        if let bad = task.firstInvalidLabel(in: y, classes: classes) {
            throw InferenceError.invalidLabel(index: bad.index, value: bad.value, reason: bad.rule)
        }
    }

    /// ℓ(f, y) of one example of a one-output likelihood (all but categorical).
    @inline(__always) func pointLoss(_ f: Double, _ y: Double) -> Double {
        switch self {
        case .gaussian(let s2): let r = y - f; return 0.5 * Double.log(2 * .pi * s2) + 0.5 * r * r / s2
        case .bernoulli: return Self.softplus(f) - y * f
        case .poisson: return Double.exp(f) - y * f + Double.logGamma(y + 1)
        case .categorical: preconditionFailure("categorical has K outputs: use loss(_:_:)")
        }
    }

    /// (∂ℓ/∂f, ∂²ℓ/∂f²) of one example of a one-output likelihood; the curvature does not depend on y.
    @inline(__always) func pointDerivatives(_ f: Double, _ y: Double) -> (residual: Double, curvature: Double) {
        switch self {
        case .gaussian(let s2): return ((f - y) / s2, 1 / s2)
        case .bernoulli: let s = Self.sigmoid(f); return (s - y, s * (1 - s))
        case .poisson: let e = Double.exp(f); return (e - y, e)
        case .categorical: preconditionFailure("categorical has K outputs: use residual(_:_:into:)")
        }
    }

    /// Σᵢ ℓ(fᵢ, yᵢ) for outputs `f` (n×K, row-major).
    func loss(_ f: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        if case .categorical(let k) = self {
            for i in 0..<y.count {
                let row = UnsafeBufferPointer(rebasing: f[(i * k)..<(i * k + k)])
                total += Self.logSumExp(row) - row[Int(y[i])]
            }
        } else {
            for i in 0..<y.count { total += pointLoss(f[i], y[i]) }
        }
        return total
    }

    /// Writes the residual r = ∂ℓ/∂f (n×K) of every example.
    func residual(
        _ f: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>
    ) {
        if case .categorical(let k) = self {
            for i in 0..<y.count {
                Self.softmax(f, row: i, k: k, into: r)
                r[i * k + Int(y[i])] -= 1
            }
        } else {
            for i in 0..<y.count { r[i] = pointDerivatives(f[i], y[i]).residual }
        }
    }

    /// Writes the curvature of every example. K = 1: w = ∂²ℓ/∂f² (n values). Categorical: the softmax
    /// probabilities p (n×K), whose curvature is Λ = diag(p) − p·pᵀ.
    func curvature(_ f: UnsafeBufferPointer<Double>, count n: Int, into w: UnsafeMutableBufferPointer<Double>) {
        if case .categorical(let k) = self {
            for i in 0..<n { Self.softmax(f, row: i, k: k, into: w) }
        } else {
            for i in 0..<n { w[i] = pointDerivatives(f[i], 0).curvature }
        }
    }

    @inline(__always) static func sigmoid(_ f: Double) -> Double {
        f >= 0
            ? 1 / (1 + Double.exp(-f))
            : {
                let e = Double.exp(f); return e / (1 + e)
            }()
    }

    /// log(1 + eᶠ) without overflow.
    @inline(__always) static func softplus(_ f: Double) -> Double {
        max(f, 0) + Double.log(onePlus: Double.exp(-abs(f)))
    }

    static func logSumExp(_ values: [Double]) -> Double { values.withUnsafeBufferPointer(logSumExp) }

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
        guard outputs == 1 else { return (residuals(f, y), curvatures(f, count: y.count)) }
        var r = [Double](repeating: 0, count: y.count)
        var w = r
        for i in 0..<y.count { (r[i], w[i]) = pointDerivatives(f[i], y[i]) }
        return (r, w)
    }

    /// The curvature of every example, as `curvature(_:count:into:)` writes it.
    func curvatures(_ f: [Double], count n: Int) -> [Double] {
        var w = [Double](repeating: 0, count: outputs > 1 ? n * outputs : n)
        f.withUnsafeBufferPointer { fp in w.withUnsafeMutableBufferPointer { curvature(fp, count: n, into: $0) } }
        return w
    }
}

extension Likelihood {
    /// The family without its parameters: `gaussian`, `bernoulli`, `categorical(K)`, `poisson` (what a state's
    /// meaning depends on; members of one learner share it).
    public var kind: String {
        switch self {
        case .gaussian: return "gaussian"
        case .bernoulli: return "bernoulli"
        case .categorical(let k): return "categorical(\(k))"
        case .poisson: return "poisson"
        }
    }
}
