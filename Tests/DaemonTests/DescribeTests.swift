import Decode
import Foundation
import Inference
import Testing

/// The control op `describe` through a real blrd: a stream's shape, position, durable position and instance, the
/// extension counters, and an error for a stream that is not configured.
@Suite(.serialized) struct DescribeTests {
    static let models = """
        [[model]]
        name = "lin"
        stream = "s"
        likelihood = "gaussian"
        rule = "conjugate"
        noise_variance = 0.25
        snapshot_every = 2

        [[model]]
        name = "clf"
        stream = "k"

        [[model]]
        name = "bin"
        stream = "b"

        """

    static func batch(_ seq: UInt64) throws -> [[UInt8]] {
        let data = Reference.linearGaussian(n: 10, d: 2, noise: 0.25, seed: seq)
        return IngestEncoder.binary(
            stream: "s", seq: seq, batch: try Batch(x: data.x, y: data.y, features: 2), integerLabels: false)
    }

    @Test func describeReportsShapePositionAndDurability() throws {
        let h = try DaemonHarness(
            streams: [("s", 2, "regression"), ("k", 4, "multiclass:3"), ("b", 1, "binary")], models: Self.models)
        try h.start()
        try h.synchronize()
        let fresh = try h.control(["op": "describe", "stream": "s"])
        let instance = try #require(fresh["instance"]?.stringValue)
        #expect(fresh["stream"]?.stringValue == "s")
        #expect(fresh["features"]?.exactUInt64 == 2)
        #expect(fresh["task"]?.stringValue == "regression")
        #expect(fresh["classes"] == .null)
        #expect(fresh["epoch"]?.exactUInt64 == 0)
        #expect(fresh["last_seq"] == .null && fresh["durable_seq"] == .null)
        #expect(fresh["models"] == ["lin"])
        let multiclass = try h.control(["op": "describe", "stream": "k"])
        #expect(multiclass["task"]?.stringValue == "multiclass" && multiclass["classes"]?.exactUInt64 == 3)
        #expect(multiclass["features"]?.exactUInt64 == 4)
        #expect(try h.control(["op": "describe", "stream": "b"])["classes"]?.exactUInt64 == 2)

        // Five batches: each is journaled before its model/ goes out, so seq 4 is applied and on disk.
        for seq: UInt64 in 0..<5 { try h.send("s", try Self.batch(seq)) }
        _ = try h.receive { $0.topic == "model/lin" && $0.header["seq"]?.exactUInt64 == 4 }
        var reply = try h.control(["op": "describe", "stream": "s"])
        #expect(reply["last_seq"]?.exactUInt64 == 4)
        #expect(reply["durable_seq"]?.exactUInt64 == 4 && reply["durable_epoch"]?.exactUInt64 == 0)
        #expect(reply["batches"]?.exactUInt64 == 5 && reply["rejected"]?.exactUInt64 == 0)
        #expect(reply["instance"]?.stringValue == instance)

        // A repeat of seq 2 is rejected; describe counts it and says why.
        try h.send("s", try Self.batch(2))
        _ = try h.receive { $0.topic == "alert/input/s" }
        reply = try h.control(["op": "describe", "stream": "s"])
        #expect(reply["rejected"]?.exactUInt64 == 1)
        #expect(reply["last_rejection"]?["seq"]?.exactUInt64 == 2)
        #expect(reply["last_rejection"]?["code"]?.stringValue == "seq_not_increasing")

        let unknown = try h.control(["op": "describe", "stream": "nope"])
        #expect(unknown["error"]?.stringValue?.contains("nope") == true)
        #expect(try h.control(["op": "describe"])["error"] != nil)

        // After a crash: a new instance, resumed at the durable seq (the snapshot at 3 and the journal after it).
        try h.kill()
        try h.start()
        reply = try h.control(["op": "describe", "stream": "s"])
        #expect(reply["instance"]?.stringValue != instance)
        #expect(reply["last_seq"]?.exactUInt64 == 4 && reply["durable_seq"]?.exactUInt64 == 4)
        #expect(try h.terminate() == 0)
    }
}
