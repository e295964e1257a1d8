import Decode
import Foundation
import Inference
import Persist
import Testing

@testable import Daemon

/// The ingest journal (issue 8): every batch whose `model/` went out survives a `kill -9`, with no publisher
/// resending anything; the journal is replayed after the snapshots at start and truncated behind them.
@Suite(.serialized) struct JournalTests {
    /// With `journal_fsync = false` a commit waits for the OS, not the disk: a killed process loses nothing all
    /// the same (only a power failure could).
    @Test(arguments: [true, false])
    func aKillLosesNothingThatWasPublishedAsLearned(fsync: Bool) throws {
        let expected = try RestartTests.uninterrupted()
        let b = try RestartTests.daemon(extra: "journal_fsync = \(fsync)")
        for j in 0..<60 { try b.send("lin", try RestartTests.frames(j)) }
        var seen: Set<String> = []
        _ = try b.receive { m in
            if m.topic.hasPrefix("model/"), m.header["seq"]?.exactUInt64 == 59 {
                seen.insert(m.topic)
                // Each model/ was published after its batch's journal entry committed.
                #expect(m.header["durable_seq"]?.exactUInt64 == 59)
            }
            return seen.count == RestartTests.topics.count
        }
        try b.kill()
        let store = try StateStore(readOnlyPath: b.statePath)
        // Entries up to the snapshots' position (if one committed before the kill) were truncated; the rest are
        // there, in order.
        let first = try store.streamPosition(stream: "lin").map { $0.seq + 1 } ?? 0
        let journal = try store.journal(stream: "lin", limit: 1000)
        #expect(journal.map(\.seq) == Array(first..<60))  // empty when a snapshot at seq 59 committed first

        try b.start()
        try b.synchronize()
        let status = try b.control(["op": "status"])
        #expect(status["streams"]?["lin"]?["durable_seq"]?.exactUInt64 == 59)
        for name in ["exact", "ivon", "auto"] { #expect(status["models"]?[name]?["seq"]?.exactUInt64 == 59, "\(name)") }
        // Only what was never sent: nothing is resent.
        for j in 60..<RestartTests.batches { try b.send("lin", try RestartTests.frames(j)) }
        let got = try RestartTests.finals(b, last: RestartTests.batches - 1)
        #expect(try b.terminate() == 0)
        try RestartTests.expectSame(got, expected, versions: true)
        // After the final snapshots the journal is empty, and no batch was applied twice.
        let final = try StateStore(readOnlyPath: b.statePath)
        #expect(try final.journalSize().isEmpty)
        for name in ["exact", "ivon", "auto"] {
            let snapshot = try SessionSnapshot(
                decoding: try #require(try final.latestVerifiedSnapshot(model: name).snapshot).state)
            #expect(snapshot.model.batchesSeen == RestartTests.batches, "\(name)")
        }
    }
}
