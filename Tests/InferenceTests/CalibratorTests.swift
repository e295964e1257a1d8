import Foundation
import Testing
@testable import Inference

/// The calibrators recover a known miscalibration from prequential pairs (prediction made before the label, label).
@Suite struct CalibratorTests {
    /// A binary predictor whose logits are a = 2.5 times too small and whose labels flip with ε = 0.08: the
    /// calibrator learns a within 5 % and ε within 0.01, and its output has ECE < 0.01.
    @Test func plattWithLapseRecoversSlopeAndLapse() {
        var rng = Xoshiro256(seed: 3)
        var calibrator = ProbabilityCalibrator(classes: 2)
        var after = PrequentialMetrics()
        for t in 0..<400 {
            var g = [Double](repeating: 0, count: 64)
            rng.fillStandardNormal(&g)
            var p: [Double] = []
            var y: [Double] = []
            for v in g {
                let logit = 3 * v
                let truth = 0.04 + 0.92 / (1 + exp(-logit))  // ε/2 + (1 − ε)σ(logit), ε = 0.08
                let reported = 1 / (1 + exp(-logit / 2.5))
                p += [1 - reported, reported]
                y.append(rng.nextOpenUnit() < truth ? 1 : 0)
            }
            if t >= 200 { after.record(.probabilities(calibrator.calibrate(p), classes: 2), labels: y) }
            calibrator.update(predicted: p, labels: y, forgetting: 1)
        }
        let (a, b, lapse) = calibrator.parameters(calibrator.mean)
        #expect(abs(a - 2.5) < 0.05 * 2.5)
        #expect(abs(b) < 0.1)
        #expect(abs(lapse - 0.08) < 0.01)
        #expect(after.ece! < 0.01)
    }

    /// Temperature with a lapse over 5 classes: an over-confident softmax (logits 2× too large) gets T ≈ 2, and no
    /// lapse beyond its prior's scale (0.01) appears where the labels have none.
    @Test func temperatureRecoversOverConfidence() {
        var rng = Xoshiro256(seed: 8)
        var calibrator = ProbabilityCalibrator(classes: 5)
        for _ in 0..<300 {
            var f = [Double](repeating: 0, count: 64 * 5)
            rng.fillStandardNormal(&f)
            var p: [Double] = []
            var y: [Double] = []
            for i in 0..<64 {
                let row = (0..<5).map { 1.5 * f[i * 5 + $0] }
                let truth = row.map(exp).map { $0 / row.map(exp).reduce(0, +) }
                let shown = row.map { exp(2 * $0) }.map { $0 / row.map { exp(2 * $0) }.reduce(0, +) }
                p += shown
                var u = rng.nextOpenUnit(), label = 4
                for c in 0..<5 { u -= truth[c]; if u < 0 { label = c; break } }
                y.append(Double(label))
            }
            calibrator.update(predicted: p, labels: y, forgetting: 1)
        }
        let (a, _, lapse) = calibrator.parameters(calibrator.mean)
        #expect(abs(1 / a - 2) < 0.1)
        #expect(lapse < 0.02)
    }

    /// The variance scale is conjugate: a = a₀ + n/2, b = b₀ + Σ r²/(2v), exactly; forgetting mixes (a, b) with
    /// the prior.
    @Test func varianceScaleIsTheGammaPosterior() {
        var c = VarianceCalibrator()
        let mu = [0.0, 1, 2], v = [1.0, 4, 0.25], y = [1.0, -1, 2.5]
        c.update(mean: mu, variance: v, labels: y, forgetting: 1)
        #expect(c.shape == 2 + 1.5)
        #expect(abs(c.rate - (1 + 0.5 * (1.0 / 1 + 4.0 / 4 + 0.25 / 0.25))) < 1e-15)
        c.update(mean: [], variance: [], labels: [], forgetting: 0.5)
        #expect(abs(c.shape - (0.5 * 3.5 + 0.5 * 2)) < 1e-15)
        #expect(abs(c.scale - c.rate / (c.shape - 1)) < 1e-15)
    }

    /// A learned noise variance is already the Student-t's scale: no second calibrator on top.
    @Test func aLearnedNoiseHasNoVarianceCalibrator() {
        let learned = ModelSpec(
            features: 2, likelihood: .gaussian(noiseVariance: 1), rule: .conjugate, noise: NoisePrior())
        let fixed = ModelSpec(features: 2, likelihood: .gaussian(noiseVariance: 1), rule: .conjugate)
        #expect(Calibrator.forModel(learned) == nil)
        #expect(Calibrator.forModel(fixed) == .variance(VarianceCalibrator()))
    }
}
