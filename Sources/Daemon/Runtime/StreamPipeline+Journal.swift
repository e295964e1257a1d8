import Decode
import Persist

extension StreamPipeline {
    /// Learns a group while the journal writer commits its labelled batches (one transaction: group commit, as
    /// in Gawlick & Kinkade's IMS Fast Path and every WAL since), then sends the group's held publications and
    /// takes its due snapshots — or, when the commit failed, undoes the group and refuses it.
    func applyJournaled(
        _ accepted: [Accepted], learnable: [Accepted], through journal: JournalWriter, restoring before: BatchPosition?,
        stopping: () -> Bool
    ) {
        let ticket = journal.submit(
            learnable.map {
                JournalEntry(stream: stream.name, epoch: $0.position.epoch, seq: $0.position.seq, frames: $0.frames)
            })
        // Without the rolling windows' batches: a copy that shared them would make the group's first batch copy
        // them all (10 000 entries), a cost paid by every group; an undone group empties the windows instead.
        let saved = sessions.map(\.withoutRollingHistory)
        let savedCounters = self.counters
        let counters = board.stream(stream.name)
        held = []
        dueSnapshots = []
        for a in accepted {
            if stopping() { break }
            apply(a)
        }
        catchUp()
        let messages = held ?? []
        held = nil
        let due = dueSnapshots
        dueSnapshots = []
        switch ticket.wait() {
        case .success:
            let newest = learnable[learnable.count - 1].position
            journaled.withLock { $0 = newest }
            health.succeeded()
            board.update(stream: stream.name) {
                $0.durableSeq = newest.seq
                $0.durableEpoch = newest.epoch
            }
            publisher.send(messages)
            for i in due.sorted() { persist(session: i, reason: .periodic) }
        case .failure(let error):
            // Not on disk: as if the group never came. Its messages were never sent.
            sessions = saved
            self.counters = savedCounters
            for i in sinceModel.indices { sinceModel[i].published() }
            if let counters { board.update(stream: stream.name) { $0 = counters } }
            for i in sessions.indices { publishStatus(i) }
            health.failed(
                what: "journal", error: error, models: sessions.map(\.config.name), seq: learnable.first?.position.seq)
            refuse(accepted, restoring: before)
        }
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
