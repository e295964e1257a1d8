import Decode
import Foundation
import Inference
import Persist
import Testing

/// Retention (issue 11): the daemon prunes a model's older snapshots after each commit by count
/// (`keep_snapshots`) and age (`keep_for`), keeping the newest; alerts and dead letters are bounded by
/// `keep_alerts` and by age (`keep_alerts_for`, `keep_dead_letters_for`).
@Suite(.serialized) struct RetentionTests {
    @Test func theNewestSnapshotsAreKept() throws {
        let models = DaemonHarness.exactModel(extra: "snapshot_every = 1\nkeep_snapshots = 3")
        let h = try DaemonHarness(streams: [("s", 2, "regression")], models: models)
        try h.start()
        try h.synchronize()
        // One batch at a time (a snapshot falls due at the end of each drained group).
        for seq: UInt64 in 0..<10 {
            let x = [Double(seq), 1, -1, 0.5]
            try h.send(
                "s",
                IngestEncoder.binary(
                    stream: "s", seq: seq, batch: try Batch(x: x, y: [1, 2], features: 2), integerLabels: false))
            _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == seq }
        }
        #expect(try h.terminate() == 0)
        // The prior is version 1, each of the 10 batches one more: the newest three are 9, 10 and 11.
        let store = try StateStore(readOnlyPath: h.statePath)
        let versions = try store.snapshots(model: "m").map(\.version)
        #expect(versions == [9, 10, 11], "\(versions)")
    }

    static func batch(_ seq: UInt64) throws -> [[UInt8]] {
        IngestEncoder.binary(
            stream: "s", seq: seq, batch: try Batch(x: [Double(seq), 1, -1, 0.5], y: [1, 2], features: 2),
            integerLabels: false)
    }

    /// `keep_for = "2s"` without a count limit: after a pause longer than that, the next commit prunes every
    /// snapshot but itself.
    @Test func snapshotsOlderThanKeepForArePruned() throws {
        let models = DaemonHarness.exactModel(extra: "snapshot_every = 1\nkeep_snapshots = 0\nkeep_for = \"2s\"")
        let h = try DaemonHarness(streams: [("s", 2, "regression")], models: models)
        try h.start()
        try h.synchronize()
        for seq: UInt64 in 0..<5 {
            try h.send("s", try Self.batch(seq))
            _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == seq }
        }
        // The prior and five batches, all younger than 2 s (the last commit may still be under way).
        let store = try StateStore(readOnlyPath: h.statePath)
        let deadline = Date().addingTimeInterval(5)
        while try store.snapshots(model: "m").count < 6, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try store.snapshots(model: "m").count == 6)
        Thread.sleep(forTimeInterval: 2.5)
        try h.send("s", try Self.batch(5))
        _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == 5 }
        // The snapshot writer prunes right after its commit; a synchronising probe round-trip later it is done.
        try h.synchronize()
        #expect(try h.terminate() == 0)
        let versions = try StateStore(readOnlyPath: h.statePath).snapshots(model: "m").map(\.version)
        #expect(versions == [7], "\(versions)")
    }

    /// `keep_alerts = 5`: 40 rejections leave the newest 5 alerts; `keep_dead_letters_for = "1s"`: a restart
    /// after longer than that finds no dead letters.
    @Test func alertsAndDeadLettersAreBounded() throws {
        let h = try DaemonHarness(
            streams: [("s", 2, "regression")], models: "[[model]]\nname = \"m\"\nstream = \"s\"\n",
            extraDaemon: "keep_alerts = 5\nkeep_dead_letters_for = \"1s\"\n")
        try h.start()
        try h.synchronize()
        for _ in 0..<40 { try h.send("s", [Array("s".utf8), Array("{\"seq\": 5, \"x\": ".utf8)]) }
        var alerts = 0
        while alerts < 40, let m = try h.receive(timeout: 5000) { if m.topic == "alert/input/s" { alerts += 1 } }
        #expect(try h.terminate() == 0)
        let store = try StateStore(readOnlyPath: h.statePath)
        #expect(try store.alerts().count == 5)
        #expect(try store.deadLetters().count == 40)
        Thread.sleep(forTimeInterval: 1.2)
        try h.start()
        try h.synchronize()
        #expect(try h.terminate() == 0)
        #expect(try StateStore(readOnlyPath: h.statePath).deadLetters().isEmpty)
    }
}
