import Foundation
import Persist

/// Writes a stream's snapshots on a thread of its own, in the order they were taken, so an SQLite commit (and
/// its fsync, 1–2 ms here) never stalls the stream's batches. `model/` messages carry `durable_seq`, the newest
/// snapshot actually committed, so publishing before the commit promises nothing that is not on disk.
///
/// `@unchecked Sendable`: `jobs` and `stopping` are only touched with `condition` locked.
final class SnapshotWriter: @unchecked Sendable {
    /// A write; true when it committed.
    typealias Job = @Sendable (StateStore) -> Bool

    private let condition = NSCondition()
    private var jobs: [(job: Job, done: (@Sendable (Bool) -> Void)?)] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(store: StateStore, name: String) {
        Thread.detachNewThread { [self] in
            Thread.current.name = "blrd-snapshots-\(name)"
            while let (job, done) = next() {
                // Not `done?(job(store))`: optional chaining would skip the job when nobody waits for it.
                let committed = job(store)
                done?(committed)
            }
            finished.signal()
        }
    }

    /// The next job, waiting for one; nil once stopping and empty.
    private func next() -> (Job, (@Sendable (Bool) -> Void)?)? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !stopping { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }

    /// Queues a write; returns at once.
    func submit(_ job: @escaping Job) {
        enqueue(job, done: nil)
    }

    /// Queues a write behind the others and waits for it; true when it committed.
    func write(_ job: @escaping Job) -> Bool {
        let result = Locked(false)
        let done = DispatchSemaphore(value: 0)
        enqueue(job) { ok in
            result.withLock { $0 = ok }
            done.signal()
        }
        done.wait()
        return result.current
    }

    /// Writes what is queued, then ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }

    private func enqueue(_ job: @escaping Job, done: (@Sendable (Bool) -> Void)?) {
        condition.lock()
        jobs.append((job, done))
        condition.signal()
        condition.unlock()
    }
}
