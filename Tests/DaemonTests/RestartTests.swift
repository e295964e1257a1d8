import Decode
import Foundation
import Inference
import Testing
@testable import Daemon
import Persist

/// SIGTERM mid-stream, restart, replay from the seq after the stored one: the final posterior equals an
/// uninterrupted run's, and no batch is applied twice.
@Suite(.serialized) struct RestartTests {
    static let models = """
        [[model]]
        name = "exact"
        stream = "lin"
        likelihood = "gaussian"
        posterior = "full"
        rule = "conjugate"
        noise_variance = 0.25
        snapshot_every = 9

        [[model]]
        name = "ivon"
        stream = "lin"
        likelihood = "gaussian"
        posterior = "diagonal"
        rule = "ivon"
        noise_variance = 0.25
        snapshot_every = 4

        [[model]]
        name = "auto"
        stream = "lin"
        snapshot_every = 7

        """
    /// Every model of the stream: two single rules and the default average (members, calibrators, weights).
    static let topics = ["model/exact", "model/ivon", "model/auto"]
    static let d = 3
    static let batches = 120
    static let data = Reference.linearGaussian(n: 20 * batches, d: d, noise: 0.25, seed: 7)

    static func frames(_ j: Int) throws -> [[UInt8]] {
        let r = (20 * j)..<(20 * j + 20)
        let batch = try Batch(
            x: Array(data.x[(r.lowerBound * d)..<(r.upperBound * d)]), y: Array(data.y[r]), features: d)
        return IngestEncoder.binary(stream: "lin", seq: UInt64(j), batch: batch, integerLabels: false)
    }

    /// The final model/ of both models after seq `last`.
    static func finals(_ h: DaemonHarness, last: Int) throws -> [String: DaemonHarness.Message] {
        var out: [String: DaemonHarness.Message] = [:]
        _ = try h.receive { m in
            if m.topic.hasPrefix("model/"), m.header["seq"]?.exactUInt64 == UInt64(last) { out[m.topic] = m }
            return out.count == topics.count
        }
        return out
    }

    /// The final model/ of each model equals the reference run's: mean and precision to 1e-12 relative (the same
    /// arithmetic in the same order, restored bit-exactly), the members (weights, calibrators), and the version
    /// when asked.
    static func expectSame(
        _ got: [String: DaemonHarness.Message], _ expected: [String: DaemonHarness.Message], versions: Bool
    ) throws {
        for topic in topics {
            let x = try #require(got[topic]), y = try #require(expected[topic])
            #expect(Reference.relativeError(x.arrays[0], y.arrays[0]) < 1e-12, "\(topic) mean")
            #expect(Reference.relativeError(x.arrays[1], y.arrays[1]) < 1e-12, "\(topic) precision")
            if versions { #expect(x.header["version"] == y.header["version"], "\(topic) version") }
            #expect(x.header["members"] == y.header["members"], "\(topic) members")
        }
    }

    /// A fresh blrd, started and synchronised.
    static func daemon(journal: Bool = true, extra: String = "") throws -> DaemonHarness {
        let h = try DaemonHarness(
            streams: [("lin", d, "regression")], models: models, extraDaemon: "journal = \(journal)\n\(extra)")
        try h.start()
        try h.synchronize()
        return h
    }

    /// The final model/ messages of an uninterrupted run over every batch.
    static func uninterrupted() throws -> [String: DaemonHarness.Message] {
        let a = try daemon()
        for j in 0..<batches { try a.send("lin", try frames(j)) }
        let expected = try finals(a, last: batches - 1)
        #expect(try a.terminate() == 0)
        return expected
    }

    @Test func interruptedRunEqualsUninterrupted() throws {
        let expected = try Self.uninterrupted()
        // Interrupted: SIGTERM while batches are still arriving.
        let b = try Self.daemon()
        for j in 0..<70 { try b.send("lin", try Self.frames(j)) }
        // Wait until blrd is inside the stream, then stop it with more batches in flight.
        _ = try b.receive { $0.topic == "model/exact" && ($0.header["seq"]?.exactUInt64 ?? 0) >= 30 }
        for j in 70..<80 { try b.send("lin", try Self.frames(j)) }
        #expect(try b.terminate() == 0)

        // The stored position: every model's newest snapshot includes at least it.
        let store = try StateStore(readOnlyPath: b.statePath)
        let snapshotted = try #require(try store.streamPosition(stream: "lin")).seq
        #expect(snapshotted >= 30)

        try b.start()
        try b.synchronize()
        // The journal replayed what the snapshots lacked: durable_seq is at least the snapshots' position, and
        // everything up to it is learned again.
        let status = try b.control(["op": "status"])
        let durable = try #require(status["streams"]?["lin"]?["durable_seq"]?.exactUInt64)
        #expect(durable >= snapshotted)
        #expect(status["streams"]?["lin"]?["last_seq"]?.exactUInt64 == durable)
        // Resend from the seq after the durable one, as a client does; a model that is further skips what it has seen.
        for j in Int(durable + 1)..<Self.batches { try b.send("lin", try Self.frames(j)) }
        let got = try Self.finals(b, last: Self.batches - 1)
        #expect(try b.terminate() == 0)

        try Self.expectSame(got, expected, versions: true)
        // No batch applied twice: the stored models counted each example once.
        let final = try StateStore(readOnlyPath: b.statePath)
        for name in ["exact", "ivon"] {
            let (record, _) = try final.latestVerifiedSnapshot(model: name)
            let snapshot = try SessionSnapshot(decoding: try #require(record).state)
            #expect(snapshot.model.examplesSeen == 20 * Self.batches, "\(name)")
            #expect(snapshot.model.batchesSeen == Self.batches, "\(name)")
        }
    }

    /// SIGKILL instead, without the journal: no final snapshot. Each model resumes from its own newest snapshot
    /// (they are taken every 9, 4 and 7 batches), the stream from the oldest, and a model that is further along
    /// skips the replayed batches it already holds.
    @Test func crashedRunWithoutJournalEqualsUninterrupted() throws {
        let expected = try Self.uninterrupted()
        let b = try Self.daemon(journal: false)
        for j in 0..<50 { try b.send("lin", try Self.frames(j)) }
        _ = try b.receive { $0.topic == "model/ivon" && $0.header["seq"]?.exactUInt64 == 49 }
        // Snapshots are committed by a writer thread: wait until both models' newest ones are on disk
        // (exact every 9 batches: seq 44; ivon every 4: seq 47; auto every 7: seq 48), so one model is ahead of another.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let models = try b.control(["op": "status"])["models"]
            if models?["exact"]?["durable_seq"]?.exactUInt64 == 44 && models?["ivon"]?["durable_seq"]?.exactUInt64 == 47
                && models?["auto"]?["durable_seq"]?.exactUInt64 == 48
            {
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        try b.kill()
        let store = try StateStore(readOnlyPath: b.statePath)
        let durable = try #require(try store.streamPosition(stream: "lin")).seq
        let exactSeq = try #require(try store.latestVerifiedSnapshot(model: "exact").snapshot?.seq)
        let ivonSeq = try #require(try store.latestVerifiedSnapshot(model: "ivon").snapshot?.seq)
        let autoSeq = try #require(try store.latestVerifiedSnapshot(model: "auto").snapshot?.seq)
        #expect(durable == min(exactSeq, ivonSeq, autoSeq))
        #expect(exactSeq != ivonSeq)  // 9 and 4 divide 50 differently: one model is ahead

        try b.start()
        try b.synchronize()
        for j in Int(durable + 1)..<Self.batches { try b.send("lin", try Self.frames(j)) }
        let got = try Self.finals(b, last: Self.batches - 1)
        #expect(try b.terminate() == 0)
        try Self.expectSame(got, expected, versions: false)
    }

    @Test func aChangedShapeIsRefusedAtStart() throws {
        let h = try DaemonHarness(streams: [("lin", Self.d, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        for j in 0..<5 { try h.send("lin", try Self.frames(j)) }
        _ = try h.receive { $0.topic == "model/exact" && $0.header["seq"]?.exactUInt64 == 4 }
        #expect(try h.terminate() == 0)
        // Same name, another posterior form.
        let text = try String(contentsOf: h.configURL, encoding: .utf8)
        try text.replacingOccurrences(
            of: "posterior = \"full\"\nrule = \"conjugate\"", with: "posterior = \"diagonal\"\nrule = \"vogn\""
        )
        .write(to: h.configURL, atomically: true, encoding: .utf8)
        try h.start(waitForSubscriptions: false)
        let (status, stderr) = try h.waitForExit()
        #expect(status == 78)
        #expect(stderr.contains("exact"))
        #expect(stderr.contains("posterior=full"))
    }
}
