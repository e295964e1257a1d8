import Foundation
import Persist

/// Commits a stream's journal groups on a thread of its own, so the SQLite work of group k (encoding, b-tree
/// and WAL writes, the fsync) runs while the stream's thread predicts and learns group k on the other core. The
/// stream thread holds every publication of the group until `Ticket.wait()` says the group is on disk, and undoes
/// the group if it is not (`StreamPipeline.handle`).
///
final class JournalWriter: Sendable {
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
    private let thread: SerialThread

    init(store: StateStore, fsync: Bool, name: String) {
        self.store = store
        self.fsync = fsync
        thread = SerialThread(name: "blrd-journal-\(name)")
    }

    /// Queues a group for commit; returns at once.
    func submit(_ entries: [JournalEntry]) -> Ticket {
        let ticket = Ticket()
        let (store, fsync) = (self.store, self.fsync)
        thread.submit { ticket.finish(Result { _ = try store.appendJournal(entries, fsync: fsync) }) }
        return ticket
    }

    /// Commits what is queued, then ends the thread.
    func stop() { thread.stop() }
}
