import Foundation

/// The state a ``SocketLoop`` shares with its thread: queued commands, the lifecycle phase, statistics, and
/// the doorbell that wakes the thread.
///
/// `@unchecked Sendable`: every mutable property is read and written only while holding `condition`, which
/// is both the lock and the signal for the phase changes that ``waitUntilStarted()`` and
/// ``waitUntilFinished()`` wait for.
final class LoopMailbox: @unchecked Sendable {
    /// Work for the loop thread, done in queue order.
    enum Command: Sendable {
        /// Send a message on a socket.
        case send(socketIndex: Int, frames: [[UInt8]])
        /// Run a closure with the loop's sockets; with `nil` if the loop stopped first.
        case perform(@Sendable ([Socket]?) -> Void)
    }

    private enum Phase {
        case starting
        case running(socketCount: Int)
        case failedToStart(any Error)
        case finished
    }

    /// Wakes the loop thread out of `zmq_poll`.
    let doorbell: Doorbell
    private let condition = NSCondition()
    private var phase = Phase.starting
    private var commands: [Command] = []
    private var stopRequested = false
    private var loopThread: pthread_t?
    private var statistics = SocketLoop.Statistics()

    init() throws {
        doorbell = try Doorbell()
    }

    private func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    // MARK: Any thread

    /// Queues `newCommands`; rings the doorbell if the queue was empty (a non-empty queue already has a
    /// wake-up pending, because the loop drains the doorbell before taking the queue).
    /// - Returns: `false`, queueing nothing, once a stop was requested or the loop finished.
    func enqueue<Commands: Sequence<Command>>(_ newCommands: Commands) -> Bool {
        let (accepted, wasEmpty) = locked {
            if stopRequested { return (false, false) }
            if case .finished = phase { return (false, false) }
            let wasEmpty = commands.isEmpty
            commands.append(contentsOf: newCommands)
            return (true, wasEmpty)
        }
        if accepted && wasEmpty { doorbell.ring() }
        return accepted
    }

    /// Asks the loop to stop and wakes it.
    /// - Returns: whether the caller is the loop thread itself (which must not wait for itself).
    func requestStop() -> Bool {
        let onLoopThread = locked {
            stopRequested = true
            return loopThread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        }
        doorbell.ring()
        return onLoopThread
    }

    /// Blocks until the loop has set up its sockets. - Returns: their count. - Throws: the setup's error.
    func waitUntilStarted() throws -> Int {
        try locked {
            while true {
                switch phase {
                case .starting: condition.wait()
                case .running(let socketCount): return socketCount
                case .failedToStart(let error): throw error
                case .finished: throw SocketLoop.StoppedError()
                }
            }
        }
    }

    /// Blocks until the loop thread has closed its sockets and finished the stream.
    func waitUntilFinished() {
        locked {
            while true {
                if case .finished = phase { return }
                if case .failedToStart = phase { return }
                condition.wait()
            }
        }
    }

    /// Whether the loop runs and no stop was requested.
    var isRunning: Bool {
        locked {
            if case .running = phase { return !stopRequested }
            return false
        }
    }

    /// A copy of the statistics published so far.
    var currentStatistics: SocketLoop.Statistics {
        locked { statistics }
    }

    // MARK: Loop thread

    /// Records the loop thread and its socket count, and releases ``waitUntilStarted()``.
    func markRunning(socketCount: Int) {
        locked {
            loopThread = pthread_self()
            phase = .running(socketCount: socketCount)
            condition.broadcast()
        }
    }

    /// Records that setup threw, and releases ``waitUntilStarted()`` to rethrow it.
    func markFailedToStart(_ error: any Error) {
        locked {
            phase = .failedToStart(error)
            condition.broadcast()
        }
    }

    /// Swaps the queue into `buffer` (which must be empty), so queue storage is reused, not reallocated.
    /// - Returns: whether a stop was requested.
    func takeCommands(into buffer: inout [Command]) -> Bool {
        locked {
            swap(&commands, &buffer)
            return stopRequested
        }
    }

    /// Adds the loop's counts since the last call.
    func record(_ delta: SocketLoop.Statistics) {
        locked { statistics.accumulate(delta) }
    }

    /// Marks the loop finished, counts never-sent messages as failed, releases ``waitUntilFinished()``, and
    /// runs the queued `perform` closures with `nil` so their callers learn the loop stopped.
    func markFinished(_ delta: SocketLoop.Statistics) {
        let leftovers = locked {
            var delta = delta
            let leftovers = commands
            commands = []
            for case .send in leftovers { delta.failedSends += 1 }
            statistics.accumulate(delta)
            phase = .finished
            condition.broadcast()
            return leftovers
        }
        for case .perform(let body) in leftovers { body(nil) }
    }
}
