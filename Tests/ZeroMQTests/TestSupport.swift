import Foundation
import ZeroMQ

/// Runs `body` on a new dedicated thread and returns its result, so that blocking libzmq calls never occupy
/// one of the two cooperative-pool threads, and so that every socket `body` creates is created, used and
/// closed on that one thread.
func onThread<Result: Sendable>(
    _ name: String = "zmq-test", _ body: @escaping @Sendable () throws -> Result
) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Swift.Result { try body() })
        }
        thread.name = name
        thread.start()
    }
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// `count` bytes of a deterministic pattern that covers every byte value, 0 and 255 included.
func pattern(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ Int(seed)) }
}

/// A multipart message with the awkward cases: empty frames first, in the middle and last; every byte value;
/// and a 1 MB frame.
let awkwardFrames: [[UInt8]] = [[], pattern(256), [0], pattern(1 << 20, seed: 7), []]

/// Milliseconds elapsed while running `body`.
func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure(body)
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

/// An `ipc://` endpoint in a fresh temporary directory; `remove()` deletes the directory.
struct TemporaryIPCEndpoint: Sendable {
    let directory: URL
    let endpoint: String

    init() throws {
        // Short path: sun_path holds at most 107 bytes.
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("blrd-zmq-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        endpoint = "ipc://\(directory.path)/socket"
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

extension Socket {
    /// Receives with a timeout (milliseconds), so a test fails instead of hanging.
    func receive(timeout: Int32) throws -> [[UInt8]]? {
        try set(.receiveTimeout, timeout)
        return try receive()
    }

    /// Creates a `.pair` socket connected to this socket's monitor at a fresh `inproc://` endpoint.
    func monitored(_ events: SocketEvent.Kind) throws -> Socket {
        let endpoint = "inproc://monitor-\(UUID().uuidString)"
        try monitor(endpoint, events: events)
        let pair = try Socket(context: context, type: .pair)
        try pair.connect(endpoint)
        return pair
    }
}

extension Socket {
    /// The next monitor event within `timeout` milliseconds, or `nil`.
    func nextEvent(timeout: Int32) throws -> SocketEvent? {
        try receive(timeout: timeout).flatMap(SocketEvent.init(frames:))
    }
}

extension SocketLoop {
    /// Collects received messages until `count` have arrived or the stream finishes.
    func collect(_ count: Int) async -> [Received] {
        var collected: [Received] = []
        for await batch in messages {
            collected += batch
            if collected.count >= count { break }
        }
        return collected
    }

    /// Stops the loop after `seconds` unless cancelled first: a failsafe so that a broken test fails on its
    /// assertions instead of waiting forever on `messages`. Not a synchronisation device. Generous (as are the
    /// socket timeouts these tests use): on a 2-core machine the synchronous daemon tests, run in parallel with
    /// these, can hold both cooperative threads for tens of seconds, and nothing here runs until one is free.
    func watchdog(seconds: Double = 300) -> Task<Void, Never> {
        Task { [self] in
            try? await Task.sleep(for: .seconds(seconds))
            if !Task.isCancelled { stop() }
        }
    }
}
