import Foundation
import Testing
@testable import Inference

@Suite struct FeatureScalerTests {
    /// Batched Welford merges equal the two-pass mean and population variance (1e-12 relative).
    @Test func batchedStatisticsEqualTwoPass() {
        var rng = Xoshiro256(seed: 2)
        var x = [Double](repeating: 0, count: 300 * 2)
        rng.fillStandardNormal(&x)
        for i in 0..<x.count { x[i] = i % 2 == 0 ? 3 * x[i] + 10 : x[i] - 4 }
        var scaler = FeatureScaler(features: 2)
        var at = 0
        for size in [1, 7, 64, 100, 128] {
            scaler.observe(Array(x[(at * 2)..<((at + size) * 2)]), count: size)
            at += size
        }
        for j in 0..<2 {
            let column = stride(from: j, to: x.count, by: 2).map { x[$0] }
            let mean = column.reduce(0, +) / 300
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 300
            #expect(abs(scaler.mean[j] - mean) < 1e-12 * abs(mean))
            #expect(abs(scaler.sumSquares[j] / 300 - variance) < 1e-12 * variance)
        }
        let z = scaler.transform(x, count: 300)
        let first = stride(from: 0, to: z.count, by: 2).map { z[$0] }
        #expect(abs(first.reduce(0, +) / 300) < 1e-12)
    }

    @Test func constantFeaturesAreLeftUnscaled() {
        var scaler = FeatureScaler(features: 1)
        scaler.observe([5, 5, 5], count: 3)
        #expect(scaler.transform([6], count: 1) == [1])
    }
}
