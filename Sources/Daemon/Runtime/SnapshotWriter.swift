import Foundation
import Persist

/// Writes a stream's snapshots on a thread of its own, in the order they were taken, so an SQLite commit (and
/// its fsync, 1–2 ms here) never stalls the stream's batches. `model/` messages carry `durable_seq`, the newest
/// position on disk, so publishing before the commit promises nothing that is not on disk.
final class SnapshotWriter: Sendable {
    /// A write; true when it committed.
    typealias Job = @Sendable (StateStore) -> Bool

    private let store: StateStore
    private let thread: SerialThread

    init(store: StateStore, name: String) {
        self.store = store
        thread = SerialThread(name: "blrd-snapshots-\(name)")
    }

    /// Queues a write; returns at once.
    func submit(_ job: @escaping Job) {
        let store = self.store
        thread.submit { _ = job(store) }
    }

    /// Queues a write behind the others and waits for it; true when it committed.
    func write(_ job: @escaping Job) -> Bool {
        let result = Locked(false)
        let done = DispatchSemaphore(value: 0)
        let store = self.store
        thread.submit {
            let committed = job(store)
            result.withLock { $0 = committed }
            done.signal()
        }
        done.wait()
        return result.current
    }

    /// Writes what is queued, then ends the thread.
    func stop() { thread.stop() }
}
