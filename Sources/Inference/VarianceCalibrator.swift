import RealModule

/// A learned scale c of a model's predictive variance (gaussian and poisson): y ~ N(μ, c·v) with precision
/// multiplier τ = 1/c ~ Gamma(a, b), conjugate:
///
///     a ← a + n/2,  b ← b + Σᵢ (yᵢ − μᵢ)²/(2vᵢ)
///
/// from the predictions made before each batch's labels were seen. The calibrated predictive uses
/// E[c] = b/(a − 1). Prior Gamma(2, 1) (E[c] = 1, two examples' worth), forgetting by mixing (a, b) with it.
/// A misspecified model (heavy tails, heteroscedastic noise, a drift the posterior has not absorbed) gets its
/// intervals widened or narrowed to what the recent residuals show; a well-specified one keeps c ≈ 1.
///
/// References: Kuleshov, Fenner & Ermon, "Accurate uncertainties for deep learning using calibrated regression",
/// ICML 2018 (recalibration of regression predictives); Bishop, PRML (2006), eq. 2.150 (Gamma–Gaussian
/// conjugacy).
public struct VarianceCalibrator: Sendable, Equatable {
    public static let priorShape = 2.0
    public static let priorRate = 1.0
    public private(set) var shape: Double
    public private(set) var rate: Double

    public init(shape: Double = priorShape, rate: Double = priorRate) {
        self.shape = shape
        self.rate = rate
    }

    /// E[c], the factor applied to the variance.
    public var scale: Double { rate / (shape - 1) }

    public mutating func update(mean mu: [Double], variance v: [Double], labels y: [Double], forgetting alpha: Double) {
        var a = alpha * shape + (1 - alpha) * Self.priorShape
        var b = alpha * rate + (1 - alpha) * Self.priorRate
        for i in 0..<y.count {
            let r = y[i] - mu[i]
            a += 0.5
            b += 0.5 * r * r / max(v[i], 1e-12)
        }
        guard a.isFinite, b.isFinite, b > 0 else { return }
        shape = a
        rate = b
    }

    var isValid: Bool { shape > 1 && rate > 0 && shape.isFinite && rate.isFinite }
}

/// A member's recalibration of its own predictive (`ProbabilityCalibrator` for classes,
/// `VarianceCalibrator` for gaussian and poisson).
public enum Calibrator: Sendable, Equatable {
    case probabilities(ProbabilityCalibrator)
    case variance(VarianceCalibrator)

    /// The calibrator for a model's predictive; nil for a learned noise variance, whose Normal–inverse-Gamma
    /// posterior already is the exact scale of its Student-t (a second scale would count the residuals twice, and
    /// lagged behind the re-learning after each change of linreg_switch: NLL 0.8205 against 0.8167 without it).
    public static func forModel(_ spec: ModelSpec) -> Calibrator? {
        if let k = spec.likelihood.classes { return .probabilities(ProbabilityCalibrator(classes: k)) }
        return spec.noise == nil ? .variance(VarianceCalibrator()) : nil
    }

    /// The calibrated predictive.
    public func apply(to predictive: Predictive) -> Predictive {
        switch (self, predictive) {
        case (.probabilities(let c), .probabilities(let p, let k)):
            return .probabilities(c.calibrate(p), classes: k)
        case (.variance(let c), .gaussian(let mean, let variance, let dof)):
            return .gaussian(mean: mean, variance: variance.map { $0 * c.scale }, dof: dof)
        case (.variance(let c), .poisson(let rate, let variance)):
            return .poisson(rate: rate, variance: variance.map { $0 * c.scale })
        default:
            return predictive
        }
    }

    /// Learns from the uncalibrated predictive of a batch and its labels, after forgetting with α.
    public mutating func update(from predictive: Predictive, labels y: [Double], forgetting alpha: Double) {
        switch (self, predictive) {
        case (.probabilities(var c), .probabilities(let p, _)):
            c.update(predicted: p, labels: y, forgetting: alpha)
            self = .probabilities(c)
        case (.variance(var c), .gaussian(let mean, let variance, _)),
            (.variance(var c), .poisson(let mean, let variance)):
            c.update(mean: mean, variance: variance, labels: y, forgetting: alpha)
            self = .variance(c)
        default:
            break
        }
    }

    /// Forgets with α and learns nothing (a drift alarm replaced the model this calibrator mapped).
    public mutating func forget(_ alpha: Double) {
        switch self {
        case .probabilities(var c):
            c.forget(alpha)
            self = .probabilities(c)
        case .variance(var c):
            c.update(mean: [], variance: [], labels: [], forgetting: alpha)
            self = .variance(c)
        }
    }

    /// A short description for `model/` and status: the parameters at the posterior mean.
    public var summary: [String: Double] {
        switch self {
        case .probabilities(let c):
            let (a, b, lapse) = c.parameters(c.mean)
            return c.classes == 2 ? ["slope": a, "bias": b, "lapse": lapse] : ["temperature": 1 / a, "lapse": lapse]
        case .variance(let c):
            return ["variance_scale": c.scale]
        }
    }

    var isValid: Bool {
        switch self {
        case .probabilities(let c): return c.isValid
        case .variance(let c): return c.isValid
        }
    }
}
