import Foundation
import Testing
@testable import Inference

@Suite struct RandomFeaturesTests {
    /// The plain-Swift cosine against libm's on 2·10⁵ points over |x| ≤ 10⁴ and a fine grid near the reduction
    /// boundaries: within 4·10⁻¹⁶ (a couple of ulps of 1).
    @Test func cosineMatchesLibm() {
        var rng = Xoshiro256(seed: 5)
        var worst = 0.0
        for i in 0..<200_000 {
            let x = i < 100_000 ? (rng.nextOpenUnit() - 0.5) * 2e4 : Double(i - 150_000) * Double.pi / 4 / 1000
            worst = max(worst, abs(Cosine.cos(x) - Foundation.cos(x)))
        }
        #expect(worst < 4e-16)
    }

    /// E[φ(z)ᵀφ(z′)] = exp(−‖z − z′‖²/(2ℓ²)) (Rahimi & Recht 2007): with D = 20 000 features the inner product is
    /// within 0.03 of the kernel (its sd is about √(1/(2D))·(1 + k) ≈ 0.007 here); the inputs themselves lead each row.
    @Test func innerProductsApproximateTheGaussianKernel() {
        let map = RandomFourierFeatures(inputs: 3, width: 20_000, lengthscale: 1.5, seed: 9)
        let z = [0.1, -0.4, 1.2, 0.9, 0.3, 0.2]
        // Each row is [z, φ(z)]: the features start after the d inputs.
        let rows = map.map(z, count: 2)
        let (d, columns) = (3, map.outputs)
        #expect(Array(rows[0..<d]) == Array(z[0..<d]) && Array(rows[columns..<(columns + d)]) == Array(z[d...]))
        var dot = 0.0
        var self1 = 0.0
        for j in d..<columns {
            dot += rows[j] * rows[columns + j]
            self1 += rows[j] * rows[j]
        }
        var squared = 0.0
        for j in 0..<3 { squared += (z[j] - z[3 + j]) * (z[j] - z[3 + j]) }
        let kernel: Double = Foundation.exp(-squared / 4.5)
        #expect(abs(dot - kernel) < 0.03)
        #expect(abs(self1 - 1) < 0.03)
    }

    /// The features are a function of the spec: a model rebuilt from the same spec (a restart) maps identically.
    @Test func featuresAreFixedByTheSeed() throws {
        let spec = ModelSpec(
            features: 2, likelihood: .bernoulli, network: .rff(width: 16, lengthscale: 1, bias: true),
            priorPrecision: 0.1)
        let a = try Model(spec: spec)
        let b = try Model(encoded: a.encoded())
        #expect(a.featureMap == b.featureMap)
        var other = spec
        other.hyperparameters.seed = 1
        #expect(try Model(spec: other).featureMap != a.featureMap)
        #expect(other.shapeFingerprint != spec.shapeFingerprint)
    }
}
