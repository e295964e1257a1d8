import Foundation
import Persist

/// Commits a stream's journal groups on a thread of its own, so the SQLite work of group k (encoding, b-tree
/// and WAL writes, the fsync) runs while the stream's thread predicts and learns group k on the other core. The
/// stream thread holds every publication of the group until `Ticket.wait()` says the group is on disk, and undoes
/// the group if it is not (`StreamPipeline.handle`).
///
/// `@unchecked Sendable`: `jobs` and `stopping` are only touched with `condition` locked.
final class JournalWriter: @unchecked Sendable {
    /// One submitted group: `wait()` blocks until its commit ends and says whether it committed.
    final class Ticket: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<Void, Error> = .success(())

        func finish(_ result: Result<Void, Error>) {
            self.result = result
            done.signal()
        }

        /// The commit's outcome (the semaphore orders the write of `result` before this read).
        func wait() -> Result<Void, Error> {
            done.wait()
            return result
        }
    }

    private let store: StateStore
    private let fsync: Bool
    private let condition = NSCondition()
    private var jobs: [([JournalEntry], Ticket)] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(store: StateStore, fsync: Bool, name: String) {
        self.store = store
        self.fsync = fsync
        Thread.detachNewThread { [self] in
            Thread.current.name = "blrd-journal-\(name)"
            while let (entries, ticket) = next() {
                ticket.finish(Result { _ = try store.appendJournal(entries, fsync: fsync) })
            }
            finished.signal()
        }
    }

    /// Queues a group for commit; returns at once.
    func submit(_ entries: [JournalEntry]) -> Ticket {
        let ticket = Ticket()
        condition.lock()
        jobs.append((entries, ticket))
        condition.signal()
        condition.unlock()
        return ticket
    }

    /// Commits what is queued, then ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }

    private func next() -> ([JournalEntry], Ticket)? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !stopping { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }
}
