import Decode
import Persist

extension StreamPipeline {
    /// Appends a drained group of accepted messages to the journal in one transaction — one fsync for the whole
    /// group (group commit, as in Gawlick & Kinkade's IMS Fast Path and every WAL since) — before any of them is
    /// learned, so every `model/` that goes out is for a batch already on disk. False when the write failed.
    func appendToJournal(_ accepted: [Accepted]) -> Bool {
        let entries = accepted.map {
            JournalEntry(stream: stream.name, epoch: $0.position.epoch, seq: $0.position.seq, frames: $0.frames)
        }
        do {
            try store.appendJournal(entries, fsync: journalFsync)
        } catch {
            health.failed(
                what: "journal", error: error, models: sessions.map(\.config.name), seq: accepted.first?.position.seq)
            return false
        }
        let newest = accepted[accepted.count - 1].position
        journaled.withLock { $0 = newest }
        health.succeeded()
        board.update(stream: stream.name) {
            $0.durableSeq = newest.seq
            $0.durableEpoch = newest.epoch
        }
        return true
    }

    /// At start, before the stream's socket exists: learns what the journal holds beyond the snapshots, in
    /// arrival order, without publishing or recording anything again. Returns the number of entries replayed.
    func replayJournal() throws -> Int {
        var after: Int64 = 0
        var replayed = 0
        replaying = true
        defer { replaying = false }
        while true {
            let page = try store.journal(stream: stream.name, after: after, limit: 256)
            guard let lastEntry = page.last else { break }
            after = lastEntry.id
            for entry in page {
                let position = BatchPosition(epoch: entry.epoch, seq: entry.seq)
                journaled.withLock { $0 = Durable.newer($0, position) }
                if let last, position <= last { continue }
                // Journaled messages passed every check when they arrived; the checks run again all the same.
                if let accepted = accept(entry.frames) {
                    apply(accepted)
                    replayed += 1
                }
            }
        }
        if let newest = journaled.current {
            let position = Durable.newer(newest, Durable.stream(durable.current))
            board.update(stream: stream.name) {
                $0.durableSeq = position?.seq
                $0.durableEpoch = position?.epoch
            }
            for i in sessions.indices { publishStatus(i) }
        }
        return replayed
    }
}
