import RealModule

/// How much learning one example will move the model's prediction for it, by the memory-perturbation equation:
/// deviation ≈ prediction error × prediction variance, eᵢ·vᵢ, where eᵢ = ∂ℓ/∂f at the predictive mean and vᵢ
/// is the posterior variance of the output f(xᵢ) (function space, noise excluded). Large values mark the
/// examples the model is most sensitive to: surprising ones in uncertain regions (outliers, mislabels, novelty).
///
/// For a Gaussian likelihood on a linear model the exact change of the predictive mean at xᵢ when (xᵢ, yᵢ) is
/// learned is vᵢ(yᵢ − μᵢ)/(σ² + vᵢ); the equation gives vᵢ(yᵢ − μᵢ)/σ², its first order in vᵢ/σ².
///
/// The deviation says how far the posterior would move, not whether that is unusual: every example of a young
/// model moves it. `tail` says how unlikely the label was under the same model's predictive (`tailProbabilities`);
/// for a class label at a given xᵢ the two rank alike (|eᵢ| = 1 − p(yᵢ) for a binary one), so the monitor tests
/// `tail` and reports the deviation.
///
/// References: Nickl, Xu, Tailor, Möllenhoff & Khan, "The Memory-Perturbation Equation", NeurIPS 2023, eq. 6.
public struct Sensitivity: Sendable, Equatable {
    /// Row of the batch.
    public let index: Int
    /// |eᵢ|·vᵢ (for K outputs: the largest over outputs), in units of f (logits for classification).
    public let deviation: Double
    /// eᵢ of the output with the largest deviation (the signed prediction error).
    public let error: Double
    /// vᵢ of that output.
    public let variance: Double
    /// πᵢ, the predictive probability of a label at least as unlikely as yᵢ (`Predictive.tailProbabilities`).
    public let tail: Double
    /// The values below 1/2 πᵢ could have taken, for a class label (`Predictive.attainableTails`); nil for a
    /// continuous label or a count.
    public let attainable: [Double]?

    public init(
        index: Int, deviation: Double, error: Double, variance: Double, tail: Double, attainable: [Double]? = nil
    ) {
        self.index = index
        self.deviation = deviation
        self.error = error
        self.variance = variance
        self.tail = tail
        self.attainable = attainable
    }

    /// P(πᵢ ≤ t) under the model before the label is seen: the largest attainable value ≤ t for a class label,
    /// t otherwise.
    public func size(at t: Double) -> Double {
        guard let attainable else { return t }
        return attainable.last { $0 <= t } ?? 0
    }
}

extension Model {
    /// The memory-perturbation sensitivities of a labelled batch under the current posterior (call it before
    /// learning the batch). Linear networks use the exact function-space variance; MLPs a Monte-Carlo estimate
    /// with `predictiveSamples` draws.
    public func sensitivities(_ batch: Batch) throws -> [Sensitivity] {
        try predictionAndSensitivities(batch).sensitivities
    }

    /// The predictive of a batch (as `predict`) and, when it is labelled, its sensitivities, computing the
    /// standardised features and the function-space moments once for both.
    public func predictionAndSensitivities(_ batch: Batch) throws -> (
        predictive: Predictive, sensitivities: [Sensitivity]
    ) {
        try predictionAndSensitivities(batch, inputs: nil)
    }

    func predictionAndSensitivities(_ batch: Batch, inputs precomputed: [Double]?) throws -> (
        predictive: Predictive, sensitivities: [Sensitivity]
    ) {
        guard batch.features == spec.features else {
            throw InferenceError.shapeMismatch(
                "batch has \(batch.features) features, the model expects \(spec.features)")
        }
        let n = batch.count
        let x = precomputed ?? inputs(batch.x, count: n)
        guard spec.network.hasLinearReadout else {
            // The predictive and f's moments from the same draws, in one pass.
            let labelled = batch.y != nil
            let both = monteCarloWithMoments(
                x, count: n, samples: spec.hyperparameters.predictiveSamples, seed: spec.hyperparameters.seed,
                moments: labelled)
            guard let y = batch.y else { return (both.predictive, []) }
            try spec.likelihood.validate(labels: y)
            return (
                both.predictive,
                sensitivities(
                    mean: both.mean, variance: both.variance, labels: y,
                    tails: both.predictive.tailProbabilities(labels: y),
                    attainable: both.predictive.attainableTails)
            )
        }
        let (mu, covariance) = functionMoments(x, count: n)
        let predictive = closedForm(mean: mu, covariance: covariance, count: n)
        guard let y = batch.y else { return (predictive, []) }
        try spec.likelihood.validate(labels: y)
        let k = spec.likelihood.outputs
        let variance = k == 1 ? covariance : (0..<(n * k)).map { covariance[$0 * k + $0 % k] }
        let tails = predictive.tailProbabilities(labels: y)
        if let noise {
            // Normal–inverse-Gamma: in y's units, f has variance s²(β/a)·x̃ᵀP⁻¹x̃ and the noise is σ̂² = s²β/a.
            let (offset, scale) = targetUnits
            let noiseVariance = scale * scale * noise.scale
            return (
                predictive,
                sensitivities(
                    mean: mu.map { offset + scale * $0 }, variance: variance.map { $0 * noiseVariance }, labels: y,
                    tails: tails, attainable: nil, likelihood: .gaussian(noiseVariance: noiseVariance))
            )
        }
        return (
            predictive,
            sensitivities(
                mean: mu, variance: variance, labels: y, tails: tails, attainable: predictive.attainableTails)
        )
    }

    /// |eᵢ|·vᵢ per example from the function-space mean and variance (n × K each), with the labels' tails.
    func sensitivities(
        mean mu: [Double], variance: [Double], labels y: [Double], tails: [Double], attainable: [[Double]]?,
        likelihood: Likelihood? = nil
    ) -> [Sensitivity] {
        let n = y.count
        let k = spec.likelihood.outputs
        let e = (likelihood ?? spec.likelihood).residuals(mu, y)
        return (0..<n).map { i in
            var best = (deviation: -1.0, error: 0.0, variance: 0.0)
            for out in 0..<k {
                let d = abs(e[i * k + out]) * variance[i * k + out]
                if d > best.deviation { best = (d, e[i * k + out], variance[i * k + out]) }
            }
            return Sensitivity(
                index: i, deviation: best.deviation, error: best.error, variance: best.variance, tail: tails[i],
                attainable: attainable?[i])
        }
    }
}
