import Decode
import Foundation
import Inference
import Persist
import Testing

/// The control socket (docs/PROTOCOL.md §3): status, predict, snapshot, restore, reset, and errors for the rest.
@Suite(.serialized) struct ControlTests {
    static let models = """
        [[model]]
        name = "lin"
        stream = "s"
        likelihood = "gaussian"
        rule = "conjugate"
        noise_variance = 0.25
        snapshot_every = 1000

        """

    static func batch(_ seq: UInt64) throws -> [[UInt8]] {
        let data = Reference.linearGaussian(n: 10, d: 2, noise: 0.25, seed: seq)
        return IngestEncoder.binary(
            stream: "s", seq: seq, batch: try Batch(x: data.x, y: data.y, features: 2), integerLabels: false)
    }

    @Test func statusPredictSnapshotRestoreReset() throws {
        let h = try DaemonHarness(streams: [("s", 2, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        let probe: JSONValue = ["op": "predict", "model": "lin", "x": [[0.5, -1]]]
        let prior = try h.control(probe)
        #expect(prior["kind"]?.stringValue == "gaussian")
        #expect(prior["version"]?.exactUInt64 == 1)

        for seq: UInt64 in 0..<3 { try h.send("s", try Self.batch(seq)) }
        _ = try h.receive { $0.topic == "model/lin" && $0.header["seq"]?.exactUInt64 == 2 }
        let status = try h.control(["op": "status"])
        #expect(status["instance"]?.stringValue?.isEmpty == false)
        #expect(status["streams"]?["s"]?["last_seq"]?.exactUInt64 == 2)
        #expect(status["streams"]?["s"]?["batches"]?.exactUInt64 == 3)
        #expect(status["models"]?["lin"]?["version"]?.exactUInt64 == 4)
        #expect(status["models"]?["lin"]?["rule"]?.stringValue == "conjugate")
        #expect(status["models"]?["lin"]?["metrics"]?["rmse"]?.doubleValue != nil)

        // snapshot: written now, named by the posterior version; again without change: the same version.
        let snap = try h.control(["op": "snapshot", "model": "lin"])
        #expect(snap["version"]?.exactUInt64 == 4)
        #expect(try h.control(["op": "snapshot", "model": "lin"])["version"]?.exactUInt64 == 4)
        let atFour = try h.control(probe)

        try h.send("s", try Self.batch(3))
        _ = try h.receive { $0.topic == "model/lin" && $0.header["seq"]?.exactUInt64 == 3 }
        #expect(try h.control(probe) != atFour)

        // restore 4: the posterior of version 4 again, as a new version 6 that model/ announces.
        let restored = try h.control(["op": "restore", "model": "lin", "version": 4])
        #expect(restored["version"]?.exactUInt64 == 6)
        var predicted = try h.control(probe)
        #expect(predicted["mean"] == atFour["mean"] && predicted["variance"] == atFour["variance"])
        #expect(predicted["version"]?.exactUInt64 == 6)
        let announced = try h.receive { $0.topic == "model/lin" }
        #expect(announced.last?.header["version"]?.exactUInt64 == 6)

        // reset: the prior again, version 7.
        #expect(try h.control(["op": "reset", "model": "lin"])["version"]?.exactUInt64 == 7)
        predicted = try h.control(probe)
        #expect(predicted["mean"] == prior["mean"] && predicted["variance"] == prior["variance"])

        // Errors name what is wrong.
        #expect(try h.control(["op": "fly"])["error"]?.stringValue?.contains("unknown op") == true)
        #expect(
            try h.control(["op": "restore", "model": "lin", "version": 99])["error"]?.stringValue?.contains("99")
                == true)
        #expect(try h.control(["op": "predict", "model": "nope", "x": [[1, 2]]])["error"] != nil)
        #expect(try h.control(["op": "predict", "model": "lin", "x": [[1, 2, 3]]])["error"] != nil)
        #expect(try h.control(["op": "predict", "model": "lin", "x": [[1, "a"]]])["error"] != nil)
        #expect(try h.control(["nothing": 1])["error"] != nil)
        #expect(try h.terminate() == 0)

        // Every change was recorded with its reason.
        let store = try StateStore(readOnlyPath: h.statePath)
        let reasons = try store.snapshots(model: "lin").map { "\($0.version):\($0.reason)" }
        #expect(reasons == ["1:initial", "4:control", "6:restore", "7:reset"])
    }
}
