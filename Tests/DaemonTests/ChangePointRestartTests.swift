import Decode
import Foundation
import Inference
import Persist
import Testing
@testable import Daemon

/// A restart in the middle of a run-length posterior: blrd is stopped while the change-point beam holds
/// challengers and rows gathering for its next chunk, restarted, and sent the rest from `durable_seq + 1`; the
/// final learner — members, weights, calibrators and the whole beam — equals an uninterrupted run's bit for bit,
/// and both confirmed the stream's change at the same seq.
@Suite(.serialized) struct ChangePointRestartTests {
    static let models = """
        [[model]]
        name = "auto"
        stream = "lin"
        snapshot_every = 5

        """
    static let d = 3
    static let batches = 100
    /// Batches of 20; the weights are redrawn at batch 60. The beam gathers 80 rows (4 batches) per chunk, so the
    /// jump is confirmed with the chunk that completes at batch 63.
    static let before = Reference.linearGaussian(n: 20 * batches, d: d, noise: 0.25, seed: 17)
    static let after = Reference.linearGaussian(n: 20 * batches, d: d, noise: 0.25, seed: 18)

    static func frames(_ j: Int) throws -> [[UInt8]] {
        let source = j < 60 ? before : after
        let r = (20 * j)..<(20 * j + 20)
        let batch = try Batch(
            x: Array(source.x[(r.lowerBound * d)..<(r.upperBound * d)]), y: Array(source.y[r]), features: d)
        return IngestEncoder.binary(stream: "lin", seq: UInt64(j), batch: batch, integerLabels: false)
    }

    static func daemon() throws -> DaemonHarness {
        let h = try DaemonHarness(streams: [("lin", d, "regression")], models: models, extraDaemon: "journal = true\n")
        try h.start()
        try h.synchronize()
        return h
    }

    /// Waits for the model/ of seq `last`, collecting the seqs of drift alerts on the way.
    static func drain(_ h: DaemonHarness, last: Int) throws -> [UInt64] {
        var alarms: [UInt64] = []
        _ = try h.receive { m in
            if m.topic == "alert/drift/auto", let seq = m.header["seq"]?.exactUInt64 { alarms.append(seq) }
            return m.topic == "model/auto" && m.header["seq"]?.exactUInt64 == UInt64(last)
        }
        return alarms
    }

    static func storedLearner(_ path: String) throws -> Learner {
        let store = try StateStore(readOnlyPath: path)
        let (record, _) = try store.latestVerifiedSnapshot(model: "auto")
        return try SessionSnapshot(decoding: try #require(record).state).learner
    }

    @Test func aRestartMidRunContinuesBitForBit() throws {
        let a = try Self.daemon()
        for j in 0..<Self.batches { try a.send("lin", try Self.frames(j)) }
        let expectedAlarms = try Self.drain(a, last: Self.batches - 1)
        #expect(try a.terminate() == 0)
        let expected = try Self.storedLearner(a.statePath)
        #expect(expectedAlarms == [63], "\(expectedAlarms)")

        // Stopped after batch 61: the beam holds challengers and a part chunk with the first rows of the new regime.
        let b = try Self.daemon()
        for j in 0..<62 { try b.send("lin", try Self.frames(j)) }
        var alarms = try Self.drain(b, last: 61)
        #expect(try b.terminate() == 0)
        let stopped = try #require(try Self.storedLearner(b.statePath).drift.beam)
        #expect(stopped.pendingY.count == 40, "rows gathering for the next chunk")
        #expect(!stopped.challengers.isEmpty)

        try b.start()
        try b.synchronize()
        let status = try b.control(["op": "status"])
        let durable = try #require(status["streams"]?["lin"]?["durable_seq"]?.exactUInt64)
        #expect(durable == 61)
        for j in Int(durable + 1)..<Self.batches { try b.send("lin", try Self.frames(j)) }
        alarms += try Self.drain(b, last: Self.batches - 1)
        #expect(try b.terminate() == 0)

        #expect(alarms == expectedAlarms)
        let got = try Self.storedLearner(b.statePath)
        #expect(got == expected, "the restored run's learner differs from the uninterrupted one's")
        #expect(got.encoded() == expected.encoded())
    }
}
