import Decode
import Foundation
import Inference
import Persist
import Testing

/// `keep_snapshots` (issue 11): the daemon prunes a model's older snapshots after each commit, keeping the newest.
@Suite(.serialized) struct RetentionTests {
    @Test func theNewestSnapshotsAreKept() throws {
        let models = """
            [[model]]
            name = "m"
            stream = "s"
            likelihood = "gaussian"
            posterior = "full"
            rule = "conjugate"
            snapshot_every = 1
            keep_snapshots = 3

            """
        let h = try DaemonHarness(streams: [("s", 2, "regression")], models: models)
        try h.start()
        try h.synchronize()
        // One batch at a time (a snapshot falls due at the end of each drained group).
        for seq: UInt64 in 0..<10 {
            let x = [Double(seq), 1, -1, 0.5]
            try h.send("s", IngestEncoder.binary(stream: "s", seq: seq, batch: try Batch(x: x, y: [1, 2], features: 2), integerLabels: false))
            _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == seq }
        }
        #expect(try h.terminate() == 0)
        // The prior is version 1, each of the 10 batches one more: the newest three are 9, 10 and 11.
        let store = try StateStore(readOnlyPath: h.statePath)
        let versions = try store.snapshots(model: "m").map(\.version)
        #expect(versions == [9, 10, 11], "\(versions)")
    }
}
