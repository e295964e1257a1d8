import Foundation

/// A thread of its own that runs submitted jobs one at a time, in order — the snapshot writer's and the journal
/// writer's, so an SQLite commit (and its fsync) never runs on a stream's thread.
///
/// `@unchecked Sendable`: `jobs` and `stopping` are only touched with `condition` locked.
final class SerialThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(name: String) {
        Thread.detachNewThread { [self] in
            Thread.current.name = name
            while let job = next() { job() }
            finished.signal()
        }
    }

    /// Queues a job behind the others; returns at once.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs what is queued, then ends the thread; returns when it has.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }

    /// The next job, waiting for one; nil once stopping and empty.
    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !stopping { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }
}
