import Decode
import Foundation
import Inference
import Testing

/// A linear-Gaussian stream sent by this process to a real blrd process, in mixed batch sizes: the last
/// `model/` posterior equals the closed-form batch posterior; every `pred/` precedes its `model/` and was
/// made with the posterior before the update. `publish_model_every = 1`: a `model/` for every batch, however the
/// batches group (the default conflates batches of fewer than 16 examples within a group).
@Suite(.serialized) struct ClosedFormTests {
    static let models = """
        [[model]]
        name = "exact"
        stream = "lin"
        likelihood = "gaussian"
        posterior = "full"
        rule = "conjugate"
        noise_variance = 0.25
        prior_precision = 2.0
        standardize = false
        forgetting = "none"
        calibrate = false
        snapshot_every = 7
        publish_model_every = 1

        """

    @Test(arguments: ["binary", "json"])
    func finalPosteriorEqualsTheBatchPosterior(form: String) throws {
        let d = 4, s2 = 0.25
        let h = try DaemonHarness(streams: [("lin", d, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        var seq: UInt64 = 0
        let data = Reference.linearGaussian(n: 600, d: d, noise: s2, seed: 42)
        var at = 0
        var sizes = [1, 7, 64, 3, 128, 1, 30]
        var sent: [(seq: UInt64, range: Range<Int>)] = []
        while at < 600 {
            let size = min(sizes.removeFirst(), 600 - at)
            sizes.append(size)
            let batch = try Batch(
                x: Array(data.x[(at * d)..<((at + size) * d)]), y: Array(data.y[at..<(at + size)]), features: d)
            let frames =
                form == "binary"
                ? IngestEncoder.binary(stream: "lin", seq: seq, batch: batch, integerLabels: false)
                : IngestEncoder.json(stream: "lin", seq: seq, batch: batch, integerLabels: false)
            try h.send("lin", frames)
            sent.append((seq, at..<(at + size)))
            seq += 1
            at += size
        }
        let last = sent.last!.seq
        let messages = try h.receive { $0.topic == "model/exact" && $0.header["seq"]?.exactUInt64 == last }

        // The final posterior: 1e-9 relative (the daemon sums in another order than the reference).
        let exact = Reference.posterior(x: data.x, y: data.y, d: d, noise: s2, lambda: 2)
        let final = messages.last!
        #expect(Reference.relativeError(final.arrays[0], exact.mean) < 1e-9)
        #expect(Reference.relativeError(final.arrays[1], exact.precision) < 1e-9)
        #expect(final.header["layout"]?.arrayValue?.count == 2)

        // pred/ of each seq arrives before model/ of that seq, and predicts with the previous posterior:
        // mean x̃·m, variance σ² + x̃ᵀP⁻¹x̃, from the model/ message of the previous seq.
        var previous: DaemonHarness.Message? = nil
        var predictions = 0
        for (k, m) in messages.enumerated() where m.topic == "pred/exact" {
            let s = m.header["seq"]!.exactUInt64!
            guard let range = sent.first(where: { $0.seq == s })?.range else { continue }
            #expect(messages[(k + 1)...].contains { $0.topic == "model/exact" && $0.header["seq"]?.exactUInt64 == s })
            #expect(!messages[..<k].contains { $0.topic == "model/exact" && $0.header["seq"]?.exactUInt64 == s })
            if let before = previous {
                let mean = before.arrays[0], precision = before.arrays[1]
                let p = d + 1
                for (row, i) in range.enumerated() {
                    let xt = Array(data.x[(i * d)..<(i * d + d)]) + [1]
                    let mu = zip(xt, mean).reduce(0) { $0 + $1.0 * $1.1 }
                    let z = Reference.solve(precision, xt, p)
                    let v = s2 + zip(xt, z).reduce(0) { $0 + $1.0 * $1.1 }
                    #expect(abs(m.arrays[0][row] - mu) < 1e-9 * max(1, abs(mu)))
                    #expect(abs(m.arrays[1][row] - v) < 1e-9 * v)
                }
                predictions += 1
            }
            previous = messages[(k + 1)...].first { $0.topic == "model/exact" && $0.header["seq"]?.exactUInt64 == s }
        }
        #expect(predictions == sent.count - 1)
        #expect(try h.terminate() == 0)
    }
}
