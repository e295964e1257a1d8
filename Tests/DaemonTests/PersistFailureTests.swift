import Decode
import Foundation
import GRDB
import Inference
import Persist
import Testing
import Vocabulary

@testable import Daemon

/// Persistence failures are loud and safe (issue 8): a full disk raises `alert/persist/<model>`, shows in status,
/// stops the stream after `persist_failures` failed writes and resumes it when a write succeeds; SIGTERM with a
/// failed final snapshot exits non-zero; seqs above 2⁶³ are stored; a damaged newest snapshot is skipped loudly
/// and later versions go above it.
@Suite(.serialized) struct PersistFailureTests {
    static let d = 100

    /// A full posterior over 101 parameters: each snapshot is ~80 KB, more than a journal entry, so a disk that
    /// refuses the journal refuses the final snapshot too.
    static let models = DaemonHarness.exactModel(extra: "noise_variance = 1.0\nsnapshot_every = 100000")
    static let data = Reference.linearGaussian(n: 16 * 4000, d: d, noise: 1, seed: 11)

    /// Batch k of the data, sent as `seq` (k by default).
    static func frames(_ k: Int, seq: UInt64? = nil) throws -> [[UInt8]] {
        let r = (16 * k)..<(16 * k + 16)
        let batch = try Batch(
            x: Array(data.x[(r.lowerBound * d)..<(r.upperBound * d)]), y: Array(data.y[r]), features: d)
        return IngestEncoder.binary(stream: "s", seq: seq ?? UInt64(k), batch: batch, integerLabels: false)
    }

    /// Sends `seq` and returns the messages up to its `model/` or to an `alert/input/s` about it.
    static func send(_ h: DaemonHarness, _ seq: Int) throws -> [DaemonHarness.Message] {
        try h.send("s", try frames(seq))
        return try h.receive { m in
            (m.topic == "model/m" || m.topic == "alert/input/s") && m.header["seq"]?.exactUInt64 == UInt64(seq)
        }
    }

    @Test(.enabled(if: Tmpfs.isAvailable, "needs root to mount a tmpfs"))
    func aFullDiskIsLoudStopsTheStreamAndRecovers() throws {
        let disk = try Tmpfs(kibibytes: 1024)
        let h = try DaemonHarness(
            streams: [("s", Self.d, "regression")], models: Self.models, extraDaemon: "persist_failures = 2",
            statePath: disk.path + "/state.sqlite")
        try h.start()
        try h.synchronize()

        // Until the disk is full every batch is learned. The first one the journal cannot take raises
        // alert/persist/m and is refused (persist_failed), not learned: nothing is learned that is not on disk.
        var seq = 0
        var persistAlerts: [JSONValue] = []
        var refused: JSONValue?
        var lastDurable: UInt64?
        while refused == nil && seq < 400 {
            for m in try Self.send(h, seq) {
                if m.topic == "alert/persist/m" { persistAlerts.append(m.header) }
                if m.topic == "alert/input/s", m.header["code"]?.stringValue == "persist_failed" { refused = m.header }
                if m.topic == "model/m" { lastDurable = m.header["durable_seq"]?.exactUInt64 }
            }
            seq += 1
        }
        let refusedSeq = try #require(refused?["seq"]?.exactUInt64, "the disk never filled")
        #expect(persistAlerts.count == 1, "\(persistAlerts)")
        #expect(persistAlerts.first?["what"]?.stringValue == "journal")
        #expect(persistAlerts.first?["error"]?.stringValue?.contains("full") ?? false, "\(persistAlerts)")
        #expect(persistAlerts.first?["accepting"] == JSONValue.bool(true))
        #expect(lastDurable == refusedSeq - 1)
        // Sent again while the disk is still full: the second failed write stops the stream.
        let again = try Self.send(h, Int(refusedSeq))
        #expect(again.last?.header["code"]?.stringValue == "persist_failed")
        #expect(again.contains { $0.topic == "alert/persist/m" && $0.header["accepting"] == JSONValue.bool(false) })
        var status = try h.control(["op": "status"])["streams"]?["s"]
        #expect(status?["accepting"] == JSONValue.bool(false))
        #expect(status?["persist_failures"]?.exactUInt64 == 2)
        #expect(status?["durable_seq"]?.exactUInt64 == refusedSeq - 1)
        #expect(status?["last_seq"]?.exactUInt64 == refusedSeq - 1)
        #expect(status?["persist_error"]?.stringValue?.contains("journal") ?? false)

        // Room again. A later batch cannot pass the refused one as a gap: it is refused until that one comes again.
        try disk.resize(kibibytes: 8192)
        let skipping = try Self.send(h, Int(refusedSeq) + 1)
        #expect(skipping.last?.header["code"]?.stringValue == "persist_failed")
        #expect(!skipping.contains { $0.topic == "alert/gap/s" })
        // The refused batch sent again: the write succeeds and the stream accepts.
        let resumed = try Self.send(h, Int(refusedSeq))
        #expect(resumed.last?.topic == "model/m")
        #expect(resumed.last?.header["durable_seq"]?.exactUInt64 == refusedSeq)
        status = try h.control(["op": "status"])["streams"]?["s"]
        #expect(status?["accepting"] == JSONValue.bool(true))
        #expect(status?["persist_failures"]?.exactUInt64 == 0)

        // Full again, then SIGTERM: the final snapshot cannot be written, and blrd says so with its exit status.
        try disk.resize(kibibytes: (disk.used + 64 * 1024) / 1024)
        seq = Int(refusedSeq) + 1
        var full = false
        while !full && seq < 4000 {
            full = try Self.send(h, seq).contains { $0.topic == "alert/persist/m" }
            seq += 1
        }
        #expect(full)
        let lastLearned = UInt64(seq - 2)
        #expect(try h.terminate() != 0)

        // Restart with room: the prior's snapshot plus the journal bring back every batch that was learned; the
        // refused one and those after it are sent again, as a resuming client does.
        try disk.resize(kibibytes: 65536)
        try h.start()
        try h.synchronize()
        let after = try #require(try h.control(["op": "status"])["streams"]?["s"]?["durable_seq"]?.exactUInt64)
        #expect(after == lastLearned)
        for s in Int(after + 1)..<(seq + 3) { _ = try Self.send(h, s) }
        #expect(try h.terminate() == 0)
        let store = try StateStore(readOnlyPath: h.statePath)
        let snapshot = try SessionSnapshot(
            decoding: try #require(try store.latestVerifiedSnapshot(model: "m").snapshot).state)
        // Every batch learned exactly once: 0..<seq+3, refusedSeq sent twice but learned once.
        #expect(snapshot.model.batchesSeen == seq + 3)
        #expect(snapshot.model.examplesSeen == 16 * (seq + 3))
    }

    @Test func seqsAboveInt64MaxAreStoredAndSurviveARestart() throws {
        let h = try DaemonHarness(streams: [("s", Self.d, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        let base = UInt64(Int64.max) + 1
        func frames(_ seq: UInt64) throws -> [[UInt8]] { try Self.frames(Int(seq - base), seq: seq) }
        for seq in base..<(base + 3) { try h.send("s", try frames(seq)) }
        _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == base + 2 }
        let reply = try h.control(["op": "snapshot", "model": "m"])
        #expect(reply["error"] == nil, "\(reply)")
        #expect(try h.terminate() == 0)
        try h.start()
        try h.synchronize()
        let status = try h.control(["op": "status"])
        #expect(status["streams"]?["s"]?["durable_seq"]?.exactUInt64 == base + 2)
        #expect(status["models"]?["m"]?["seq"]?.exactUInt64 == base + 2)
        try h.send("s", try frames(base + 3))
        _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == base + 3 }
        #expect(try h.terminate() == 0)
    }

    @Test func aJumpBeyondMaxSeqJumpIsRejected() throws {
        let h = try DaemonHarness(
            streams: [("s", Self.d, "regression")], models: Self.models, extraDaemon: "max_seq_jump = 100")
        try h.start()
        try h.synchronize()
        _ = try Self.send(h, 0)
        let far = try Self.send(h, 1000)
        #expect(far.last?.topic == "alert/input/s")
        #expect(far.last?.header["code"]?.stringValue == "seq_jump_too_large")
        // A jump within the limit is applied, and reported as a gap.
        let near = try Self.send(h, 50)
        #expect(near.last?.topic == "model/m")
        #expect(near.contains { $0.topic == "alert/gap/s" })
        #expect(try h.terminate() == 0)
    }

    @Test func aDamagedNewestSnapshotIsSkippedLoudlyAndNewVersionsGoAboveIt() throws {
        let h = try DaemonHarness(streams: [("s", Self.d, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        for seq in 0..<3 {
            _ = try Self.send(h, seq)
            #expect(try h.control(["op": "snapshot", "model": "m"])["error"] == nil)
        }
        #expect(try h.terminate() == 0)
        // Flip a byte of the newest snapshot's blob: it fails its checksum.
        let damaged = try DatabaseQueue(path: h.statePath).write { db -> Int in
            let version = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM snapshot WHERE model = 'm'") ?? 0
            try db.execute(
                sql:
                    "UPDATE snapshot SET state = CAST(zeroblob(length(state)) AS BLOB) WHERE model = 'm' AND version = ?",
                arguments: [version])
            return version
        }

        try h.start()
        try h.synchronize()
        var status = try h.control(["op": "status"])["models"]?["m"]
        let version = try #require(status?["version"]?.exactUInt64)
        #expect(version > UInt64(damaged))
        // The fallback is recorded as an alert, and the next snapshots are taken as usual.
        let store = try StateStore(readOnlyPath: h.statePath)
        let alerts = try store.alerts(kind: AlertKind.persist, subject: "m")
        #expect(alerts.count == 1)
        #expect(alerts.first?.payloadJSON.contains("damaged snapshots skipped") ?? false)
        _ = try Self.send(h, 3)
        let snapshot = try h.control(["op": "snapshot", "model": "m"])
        #expect(snapshot["error"] == nil, "\(snapshot)")
        #expect(try h.terminate() == 0)

        // The next start restores the newest version, without falling back again.
        try h.start()
        try h.synchronize()
        status = try h.control(["op": "status"])["models"]?["m"]
        #expect(status?["seq"]?.exactUInt64 == 3)
        #expect(try store.alerts(kind: AlertKind.persist, subject: "m").count == 1)
        #expect(try h.terminate() == 0)
    }

    /// `blr-publish --control` rides out a full disk: its batches refused with `persist_failed` are resent until
    /// blrd can write again, and the run ends with every batch learned exactly once.
    @Test(.enabled(if: Tmpfs.isAvailable, "needs root to mount a tmpfs"))
    func aResumingPublisherRidesOutAFullDisk() throws {
        let disk = try Tmpfs(kibibytes: 1024)
        let endpoint = ResumeTests.endpoint()
        let h = try DaemonHarness(
            streams: [], models: Self.models, extraDaemon: "persist_failures = 2",
            external: [("s", Self.d, "regression", "bind:" + endpoint)], statePath: disk.path + "/state.sqlite")
        try h.start()
        try h.synchronize()
        let batches = 300
        let publisher = try BackgroundProcess(
            DaemonHarness.binaries.appendingPathComponent("blr-publish"),
            [
                "--stream", "s", "--endpoint", endpoint, "--connect", "--control", h.controlEndpoint, "--synthetic",
                "linear",
                "--features", "\(Self.d)", "--count", "\(16 * batches)", "--batch", "16", "--quiet", "--wait", "60",
                "--durable-timeout", "60", "--rate", "300",
            ])
        // Wait for the disk to fill, then give it room.
        let deadline = Date().addingTimeInterval(30)
        var failures: UInt64 = 0
        while Date() < deadline, failures == 0 {
            failures = try h.control(["op": "status"])["streams"]?["s"]?["persist_failures"]?.exactUInt64 ?? 0
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(failures > 0, "the disk never filled")
        Thread.sleep(forTimeInterval: 1)
        try disk.resize(kibibytes: 65536)
        let (status, output) = try publisher.wait(timeout: 90)
        #expect(status == 0, "\(output)")
        #expect(output.contains("could not write"), "\(output)")
        let described = try h.control(["op": "describe", "stream": "s"])
        #expect(described["last_seq"]?.exactUInt64 == UInt64(batches - 1))
        #expect(described["durable_seq"]?.exactUInt64 == UInt64(batches - 1))
        #expect(described["gaps"]?.exactUInt64 == 0)
        #expect(try h.terminate() == 0)
        let store = try StateStore(readOnlyPath: h.statePath)
        let snapshot = try SessionSnapshot(
            decoding: try #require(try store.latestVerifiedSnapshot(model: "m").snapshot).state)
        #expect(snapshot.model.batchesSeen == batches)
        #expect(snapshot.model.examplesSeen == 16 * batches)
    }
}
