import Foundation

/// A dedicated thread that owns a set of sockets: it delivers what they receive as an `AsyncStream` of
/// batches, and sends what any thread or task hands it.
///
/// ```swift
/// let loop = try SocketLoop(context: context, name: "blrd.ingest") { context in
///     let sub = try Socket(context: context, type: .sub)
///     try sub.connect("tcp://127.0.0.1:5555")
///     try sub.subscribe("sea")
///     let pub = try Socket(context: context, type: .pub)
///     try pub.bind("tcp://127.0.0.1:5556")
///     return [sub, pub]                                      // socket indices 0 and 1
/// }
/// for await batch in loop.messages {                         // [Received], in arrival order
///     …
///     loop.send(socketIndex: 1, frames: [Array("sea.prediction".utf8), payload])
/// }
/// ```
///
/// **Threading.** The setup closure runs on the loop thread, so the sockets are created, used and closed on
/// one thread, as libzmq requires. The thread blocks only in `zmq_poll` (no timeout, no sleeping), over the
/// sockets and a doorbell pipe. ``send(socketIndex:frames:)`` appends to a lock-protected queue and rings the
/// doorbell when the queue was empty; the thread wakes, sends the queue in order, then drains each readable
/// socket (up to `maxBatch` messages each, without blocking) and yields them as one batch.
///
/// **Sending never blocks the loop.** Every send uses `ZMQ_DONTWAIT`: a PUB drops at its high-water mark (as
/// it always does); other types fail with `EAGAIN` (no peer, or at the high-water mark), which is counted in
/// ``statistics`` (``Statistics/failedSends``, ``Statistics/lastSendError``), and the message is dropped.
///
/// **Stopping.** ``stop()`` (or `deinit`) wakes the thread, which sends what is queued, closes its sockets
/// with linger 0, finishes ``messages`` and exits; ``stop()`` returns after that. The loop also ends by
/// itself when the context is shut down (`ETERM`): ``messages`` finishes and ``Statistics/lastError`` is
/// `ETERM`. Shutdown order for a process: stop the loops (or ``Context/shutdown()``), then
/// ``Context/terminate()``.
public final class SocketLoop: Sendable {
    /// Batches of received messages, in arrival order per socket. Finishes when the loop stops.
    /// One consumer at a time.
    public let messages: AsyncStream<[Received]>
    /// How many sockets the setup closure returned; valid socket indices are `0..<socketCount`.
    public let socketCount: Int
    /// The context the sockets belong to (kept alive while the loop lives).
    public let context: Context
    private let mailbox: LoopMailbox

    /// Starts the thread, runs `setup` on it, and returns once the sockets exist (the caller blocks for as
    /// long as `setup` takes: binds and connects return at once, so typically well under a millisecond).
    ///
    /// - Parameters:
    ///   - context: the context to create sockets in; passed to `setup`.
    ///   - name: the thread's name, for debuggers and `top -H`.
    ///   - maxBatch: most messages taken from one socket per wake-up before the others get a turn.
    ///   - bufferingPolicy: how many undelivered batches ``messages`` keeps (default: all).
    ///   - setup: creates, configures, binds and connects the loop's sockets, on the loop thread; their order
    ///     gives the socket indices.
    /// - Throws: what `setup` throws (after which no thread is left running), or a ``ZeroMQError`` if the
    ///   doorbell pipe cannot be created.
    public init(
        context: Context,
        name: String = "blrd.zmq",
        maxBatch: Int = 1024,
        bufferingPolicy: AsyncStream<[Received]>.Continuation.BufferingPolicy = .unbounded,
        setup: @escaping @Sendable (Context) throws -> [Socket]
    ) throws {
        precondition(maxBatch > 0, "maxBatch must be positive")
        let mailbox = try LoopMailbox()
        let (messages, continuation) = AsyncStream.makeStream(of: [Received].self, bufferingPolicy: bufferingPolicy)
        let thread = Thread {
            LoopRunner(mailbox: mailbox, continuation: continuation, maxBatch: maxBatch)
                .run(context: context, setup: setup)
        }
        thread.name = name
        thread.start()
        self.socketCount = try mailbox.waitUntilStarted()
        self.messages = messages
        self.context = context
        self.mailbox = mailbox
    }

    deinit {
        stop()
    }

    /// Whether the loop is running and no stop has been requested.
    public var isRunning: Bool { mailbox.isRunning }

    /// The loop's counters so far.
    public var statistics: Statistics { mailbox.currentStatistics }

    /// Queues one message for the socket at `socketIndex`; the loop thread sends it, in order, without
    /// blocking. Thread-safe; never blocks on I/O.
    /// - Returns: `false` (dropping the message) once the loop is stopping or stopped.
    @discardableResult
    public func send(socketIndex: Int, frames: [[UInt8]]) -> Bool {
        precondition(socketCount > socketIndex && socketIndex >= 0, "no socket \(socketIndex) in this loop")
        return mailbox.enqueue(CollectionOfOne(.send(socketIndex: socketIndex, frames: frames)))
    }

    /// Queues several messages for one socket with one lock and at most one wake-up.
    /// - Returns: `false` (dropping them) once the loop is stopping or stopped.
    @discardableResult
    public func send(socketIndex: Int, messages: [[[UInt8]]]) -> Bool {
        precondition(socketCount > socketIndex && socketIndex >= 0, "no socket \(socketIndex) in this loop")
        return mailbox.enqueue(messages.lazy.map { .send(socketIndex: socketIndex, frames: $0) })
    }

    /// Queues `body` to run on the loop thread with the loop's sockets, in order with queued sends (e.g. to
    /// subscribe after start). It must not block (the loop waits for it), keep the sockets, or close them.
    /// - Returns: `false` (never running `body`) once the loop is stopping or stopped.
    @discardableResult
    public func perform(_ body: @escaping @Sendable ([Socket]) -> Void) -> Bool {
        mailbox.enqueue(
            CollectionOfOne(
                .perform { sockets in
                    if let sockets { body(sockets) }
                }))
    }

    /// Runs `body` on the loop thread with the loop's sockets and returns its result, e.g.
    /// `try await loop.run { try $0[0].subscribe("river") }`. It must not block (the loop waits for it),
    /// keep the sockets, or close them.
    /// - Throws: what `body` throws, or ``StoppedError`` if the loop stops before running it.
    public func run<Result: Sendable>(_ body: @escaping @Sendable ([Socket]) throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = mailbox.enqueue(
                CollectionOfOne(
                    .perform { sockets in
                        guard let sockets else { return continuation.resume(throwing: StoppedError()) }
                        continuation.resume(with: Swift.Result { try body(sockets) })
                    }))
            if !accepted {
                continuation.resume(throwing: StoppedError())
            }
        }
    }

    /// Stops the loop: wakes it, lets it send what is queued, close its sockets (linger 0) and finish
    /// ``messages``, and waits for its thread to end. Idempotent and safe from any thread; called on the
    /// loop thread itself (from a `perform` closure) it requests the stop and returns without waiting.
    ///
    /// It blocks the caller for as long as the loop needs to finish the work in hand (typically well under a
    /// millisecond), so it may be called from async code.
    public func stop() {
        if mailbox.requestStop() { return }
        mailbox.waitUntilFinished()
    }
}
