import Decode
import Foundation
import Inference
import Persist
import Testing

/// `coalesce = N` (issue 9): a burst of one-example messages is learned in chunks, each message still gets its own
/// `pred/` in order, and a `kill -9` then a restart (journal replay) restores exactly the posterior that was learned.
@Suite(.serialized) struct CoalesceTests {
    static let models = """
        [[model]]
        name = "exact"
        stream = "c"
        likelihood = "gaussian"
        posterior = "full"
        rule = "conjugate"
        noise_variance = 0.25
        snapshot_every = 1000

        [[model]]
        name = "ivon"
        stream = "c"
        likelihood = "gaussian"
        rule = "ivon"
        noise_variance = 0.25
        snapshot_every = 1000

        """

    @Test func aBurstIsLearnedInChunksWithAPredictionPerMessageAndRestartsExactly() throws {
        let d = 3, n = 300
        let data = Reference.linearGaussian(n: n, d: d, noise: 0.25, seed: 5)
        let h = try DaemonHarness(streams: [("c", d, "regression")], models: Self.models, streamKeys: "coalesce = 16\n")
        try h.start()
        try h.synchronize()
        for j in 0..<n {
            let batch = try Batch(x: Array(data.x[(j * d)..<(j * d + d)]), y: [data.y[j]], features: d)
            try h.send("c", IngestEncoder.binary(stream: "c", seq: UInt64(j), batch: batch, integerLabels: false))
        }
        var predictions: [UInt64] = []
        var finals: Set<String> = []
        _ = try h.receive { m in
            if m.topic == "pred/exact" {
                predictions.append(m.header["seq"]?.exactUInt64 ?? .max)
                #expect(m.header["n"]?.exactUInt64 == 1 && m.arrays[0].count == 1)
            }
            if m.topic.hasPrefix("model/"), m.header["seq"]?.exactUInt64 == UInt64(n - 1) { finals.insert(m.topic) }
            return finals.count == 2 && predictions.count == n
        }
        #expect(predictions == (0..<UInt64(n)).map { $0 })
        let probe: JSONValue = ["op": "predict", "model": "ivon", "x": [[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]]
        let exactProbe: JSONValue = ["op": "predict", "model": "exact", "x": [[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]]
        let before = (try h.control(probe), try h.control(exactProbe))
        let status = try h.control(["op": "status"])
        #expect(status["models"]?["exact"]?["seq"]?.exactUInt64 == UInt64(n - 1))
        try h.kill()
        // The burst was queued faster than a debug blrd learns: chunks, each one journal entry with its last seq.
        let journal = try StateStore(readOnlyPath: h.statePath).journal(stream: "c", limit: 1000)
        #expect(journal.count < n && journal.last?.seq == UInt64(n - 1), "\(journal.map(\.seq))")
        try h.start()
        try h.synchronize()
        let after = (try h.control(probe), try h.control(exactProbe))
        #expect(
            after.0["mean"] == before.0["mean"] && after.0["variance"] == before.0["variance"],
            "\(before.0) vs \(after.0)")
        #expect(
            after.1["mean"] == before.1["mean"] && after.1["variance"] == before.1["variance"],
            "\(before.1) vs \(after.1)")
        #expect(try h.terminate() == 0)
    }
}
