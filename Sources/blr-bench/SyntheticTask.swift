import Foundation
import Inference

/// Which observation model a synthetic stream draws its labels from.
enum SyntheticKind: String {
    case regression, classification
}

/// A synthetic generalised-linear task with features x ~ N(0, I_d) and labels from a random weight vector w
/// and bias b: y = wᵀx + b + ε, ε ~ N(0, σ²) for regression; y ~ Bernoulli(sigmoid(wᵀx + b)) for
/// classification. `redraw()` replaces w and b: an abrupt concept change.
struct SyntheticTask {
    /// σ² of the regression noise, which the Gaussian likelihoods of the benchmark and demo assume.
    static let noiseVariance = 0.25

    let kind: SyntheticKind
    let features: Int
    private(set) var weights: [Double]
    private(set) var bias: Double
    private var rng: Xoshiro256

    init(kind: SyntheticKind, features: Int, seed: UInt64) {
        self.kind = kind
        self.features = features
        weights = []
        bias = 0
        rng = Xoshiro256(seed: seed)
        redraw()
    }

    /// Draws new weights: wⱼ ~ N(0, s²/d) with s = 1 (regression: signal variance ≈ 1) or s = 2.5
    /// (classification: logits with standard deviation ≈ 2.5, so the Bayes accuracy is about 85 %).
    mutating func redraw() {
        let scale = (kind == .regression ? 1 : 2.5) / Double(features).squareRoot()
        var w = [Double](repeating: 0, count: features + 1)
        rng.fillStandardNormal(&w)
        weights = w[0..<features].map { $0 * scale }
        bias = 0.5 * w[features]
    }

    /// `n` examples: x (n × d, row-major) and their labels.
    mutating func sample(_ n: Int) -> (x: [Double], y: [Double]) {
        let d = features
        var x = [Double](repeating: 0, count: n * d)
        var noise = [Double](repeating: 0, count: n)
        rng.fillStandardNormal(&x)
        rng.fillStandardNormal(&noise)
        var y = [Double](repeating: 0, count: n)
        let sd = Self.noiseVariance.squareRoot()
        for i in 0..<n {
            var f = bias
            for j in 0..<d { f += weights[j] * x[i * d + j] }
            switch kind {
            case .regression:
                y[i] = f + sd * noise[i]
            case .classification:
                let p = 1 / (1 + exp(-f))
                y[i] = rng.nextOpenUnit() < p ? 1 : 0
            }
        }
        return (x, y)
    }

    /// A labelled batch of `n` examples.
    mutating func batch(_ n: Int) throws -> Batch {
        let (x, y) = sample(n)
        return try Batch(x: x, y: y, features: features)
    }

    /// A pool of `samples` examples cut into batches of `size` consecutive rows (`samples` is rounded up to
    /// a whole number of batches).
    mutating func pool(samples: Int, batchSize size: Int) throws -> [Batch] {
        let count = max(1, (samples + size - 1) / size)
        return try (0..<count).map { _ in try batch(size) }
    }
}
