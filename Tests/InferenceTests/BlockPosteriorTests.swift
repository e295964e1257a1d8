import Foundation
import Testing
@testable import Inference

/// The block posterior of a softmax: the same mode as the full Laplace posterior, each class's block the full
/// Hessian's diagonal block there, exact re-expression per block, bit-exact encoding.
@Suite struct BlockPosteriorTests {
    static let d = 3
    static let k = 4

    static func data(n: Int, seed: UInt64) -> (x: [Double], y: [Double]) {
        var rng = Xoshiro256(seed: seed)
        var x = [Double](repeating: 0, count: n * d)
        rng.fillStandardNormal(&x)
        let y = (0..<n).map { i -> Double in
            // a noisy linear concept: class of the largest of three projections and their sum
            let s = [x[i * d], x[i * d + 1], x[i * d + 2], -(x[i * d] + x[i * d + 1])]
            let label = s.indices.max { s[$0] < s[$1] }!
            return rng.nextOpenUnit() < 0.2 ? Double(Int(rng.nextOpenUnit() * 4) % 4) : Double(label)
        }
        return (x.map { 2 * $0 + 1 }, y)
    }

    static func spec(_ form: PosteriorForm, standardize: Bool = false) -> ModelSpec {
        var spec = ModelSpec(
            features: d, likelihood: .categorical(classes: k), posterior: form, rule: .laplace, priorPrecision: 0.8,
            standardize: standardize)
        spec.hyperparameters.newtonTolerance = 1e-10  // both to the mode, whatever their defaults
        return spec
    }

    /// From the same prior N(0, I/λ) the block and full rules minimise the same objective, so their modes agree
    /// (1e-7: each stops within 1e-10 posterior sds) and block k is the full Hessian's (k, k) block (1e-6).
    @Test func aBatchGivesTheFullModeAndTheDiagonalBlocksOfItsHessian() throws {
        let (x, y) = Self.data(n: 200, seed: 2)
        let batch = try Batch(x: x, y: y, features: Self.d)
        let full = try Model(spec: Self.spec(.full)).updated(with: batch)
        let block = try Model(spec: Self.spec(.block)).updated(with: batch)
        guard case .full(let f) = full.posterior, case .block(let b) = block.posterior else {
            Issue.record("forms"); return
        }
        #expect(Fixtures.relativeError(b.mean, f.mean) < 1e-7)
        let p = f.dimension, c = Self.d + 1
        for out in 0..<Self.k {
            for i in 0..<c {
                for j in 0..<c {
                    let ii = BlockGaussian.index(out, i, outputs: Self.k, inputs: Self.d)
                    let jj = BlockGaussian.index(out, j, outputs: Self.k, inputs: Self.d)
                    #expect(
                        abs(b.blocks[out].precision[i * c + j] - f.precision[ii * p + jj]) < 1e-6
                            * max(1, abs(f.precision[ii * p + jj])))
                }
            }
        }
    }

    /// Online standardisation re-expresses every block exactly: after the first batch, learning the rest in one
    /// batch or in many gives the same posterior's logit moments... up to the Newton tolerance of each step, so
    /// the check is on one step: the re-expressed posterior predicts the same logits at raw inputs (1e-10).
    @Test func reexpressionKeepsEveryBlocksFunction() throws {
        let (x, y) = Self.data(n: 300, seed: 5)
        var model = try Model(spec: Self.spec(.block, standardize: true))
        try model.update(with: try Batch(x: Array(x[0..<(100 * Self.d)]), y: Array(y[0..<100]), features: Self.d))
        let probe = Array(x[(200 * Self.d)..<(210 * Self.d)])
        let before = model.functionMoments(model.inputs(probe, count: 10), count: 10)
        // Move the statistics without learning: a batch forgotten entirely is not possible, so re-express directly.
        var moved = model.scaler!
        moved.observe(Array(x[(100 * Self.d)..<(300 * Self.d)]), count: 200)
        let change = Reexpression(from: model.scaler!, to: moved)
        guard case .block(var q) = model.posterior else { Issue.record("form"); return }
        for j in q.blocks.indices { q.blocks[j] = try change.apply(to: q.blocks[j], outputs: 1, bias: true) }
        var after = model
        after.posterior = .block(q)
        after.scaler = moved
        let again = after.functionMoments(after.inputs(probe, count: 10), count: 10)
        #expect(Fixtures.relativeError(again.mean, before.mean) < 1e-10)
        #expect(Fixtures.relativeError(again.covariance, before.covariance) < 1e-10)
    }

    @Test func encodingIsBitExact() throws {
        let (x, y) = Self.data(n: 128, seed: 7)
        var model = try Model(spec: Self.spec(.block, standardize: true))
        try model.update(with: try Batch(x: Array(x[0..<(64 * Self.d)]), y: Array(y[0..<64]), features: Self.d))
        try model.update(with: try Batch(x: Array(x[(64 * Self.d)...]), y: Array(y[64...]), features: Self.d))
        #expect(try Model(encoded: model.encoded()) == model)
    }
}
