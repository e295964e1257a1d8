import Foundation

/// Writes log lines to a file descriptor (stderr) from a thread of its own, through a bounded queue: a stderr
/// nobody reads (a full pipe, a stopped journald) then costs the daemon dropped log lines — counted, and said
/// once the descriptor takes writes again — instead of a stream thread blocked in `write(2)`.
final class LogWriter: @unchecked Sendable {
    private let fd: Int32
    private let capacity: Int
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var queue: [String] = []
    private var dropped = 0
    private var busy = false

    /// The line that reports `n` dropped lines, in the log's own format.
    private let dropNotice: @Sendable (Int) -> String

    init(
        fd: Int32 = 2, capacity: Int = 10_000,
        dropNotice: @escaping @Sendable (Int) -> String = {
            "blrd: \($0) log lines dropped: stderr did not take them\n"
        }
    ) {
        self.fd = fd
        self.capacity = capacity
        self.dropNotice = dropNotice
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "blrd-log"
        thread.start()
    }

    /// Queues a line; returns at once (drops it when the queue is full).
    func enqueue(_ line: String) {
        condition.lock()
        defer { condition.unlock() }
        guard queue.count < capacity else {
            dropped += 1
            return
        }
        queue.append(line)
        // Broadcast: a `flush` may be waiting on the same condition.
        condition.broadcast()
    }

    /// Waits until every queued line is written, or `timeout` seconds (before exit).
    func flush(timeout: Double = 2) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !queue.isEmpty || busy {
            guard condition.wait(until: deadline) else { return }
        }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            var lines = queue
            queue.removeAll(keepingCapacity: true)
            if dropped > 0 {
                lines.append(dropNotice(dropped))
                dropped = 0
            }
            busy = true
            condition.unlock()
            for line in lines { write(line) }
            condition.lock()
            busy = false
            condition.broadcast()
            condition.unlock()
        }
    }

    private func write(_ line: String) {
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
        bytes.removeAll()
    }
}
