import Foundation
import Logging
import ZeroMQ

/// Runs one stream to completion on a thread of its own: the thread that receives a message decodes it,
/// predicts, learns and publishes the outcome, and it drains everything queued before it polls again, so
/// hand-offs are per burst, not per message. A slow model never stalls another stream and the Swift concurrency
/// pool never blocks on a socket. The thread creates, uses and closes the stream's SUB socket and blocks only in
/// `zmq_poll`, on the socket and a doorbell that control commands and `stop()` ring: its one mailbox.
///
/// When the thread ends by itself (its poll or receive fails) it says why on ``ended`` and answers every command
/// queued or submitted later with that failure, so no control request waits for a thread that is gone.
final class StreamWorker: Sendable {
    let name: String
    private let doorbell: Doorbell
    private let state = Locked(State.running(commands: []))
    private let done = DispatchSemaphore(value: 0)
    private let heartbeat = Locked(ContinuousClock.now)
    /// Whether the final snapshots at stop committed (nil until the worker has stopped).
    let finalSnapshots = Locked<Bool?>(nil)
    /// Yields the reason once if the thread fails, and finishes when it ends.
    let ended: AsyncStream<String>

    private enum State {
        /// Taking messages; commands queued for the thread.
        case running(commands: [WorkerCommand])
        /// Asked to stop: the thread finishes the message in hand and writes its final snapshots.
        case stopping
        /// The thread has ended: stopped as asked (nil), or failed (the reason).
        case ended(failure: String?)
    }

    /// A fault the test hook `BLRD_INJECT_FAULT=stream-poll:<stream>` injects: the stream's poll fails once a
    /// message is waiting.
    struct InjectedFault: Error, CustomStringConvertible {
        var description: String { "injected fault (BLRD_INJECT_FAULT)" }
    }

    /// Creates the socket on a new thread and starts consuming; throws the bind/connect error, if any.
    init(
        stream: StreamConfig, pipeline: StreamPipeline, context: Context, daemon: DaemonConfig.Daemon,
        budget: MemoryBudget,
        curve: CurveCredentials? = nil, failPoll: Bool = false, logger: Logger
    ) throws {
        name = stream.name
        doorbell = try Doorbell()
        let (ended, continuation) = AsyncStream.makeStream(of: String.self)
        self.ended = ended
        let ready = Locked<Result<Void, Error>?>(nil)
        let started = DispatchSemaphore(value: 0)
        let thread = Thread { [doorbell, state, done, heartbeat, finalSnapshots] in
            let socket: Socket
            do {
                socket = try Socket(context: context, type: .sub)
                try socket.set(.receiveHighWaterMark, Int32(clamping: budget.receiveHighWaterMark))
                try socket.set(.maxMessageSize, Int64(daemon.maxMessageBytes))
                // A CURVE server whether it binds or connects: ZMQ_CURVE_SERVER is independent of the direction.
                try socket.serveCurve(curve, domain: "ingest/\(stream.name)")
                switch stream.endpoint {
                case .connect(let address): try socket.connect(address)
                case .bind(let address): try socket.bind(address)
                }
                // A prefix filter; the decoder then refuses topics that only share the prefix.
                try socket.subscribe(stream.name)
                pipeline.board.markSubscribed(stream: stream.name)
                ready.withLock { $0 = .success(()) }
            } catch {
                ready.withLock { $0 = .failure(error) }
                state.withLock { $0 = .ended(failure: nil) }
                continuation.finish()
                started.signal()
                done.signal()
                return
            }
            started.signal()
            let failure = Self.loop(
                socket: socket, pipeline: pipeline, doorbell: doorbell, state: state, heartbeat: heartbeat,
                groupBytes: budget.groupBytes, maxGroup: Self.maxGroup(budget: budget, models: pipeline.sessions.count),
                failPoll: failPoll, logger: logger)
            if let failure {
                logger.critical(
                    "stream thread failed; stopping the daemon",
                    metadata: ["blrd.stream": "\(stream.name)", "error": "\(failure)"])
            }
            // Answer what is queued, and refuse what comes later, before the (possibly slow) final snapshots.
            let pending = state.withLock { s -> [WorkerCommand] in
                defer { s = .ended(failure: failure) }
                if case .running(let commands) = s { return commands }
                return []
            }
            let refusal = ControlFailure(
                failure.map { "the stream thread of '\(stream.name)' failed: \($0)" } ?? "the daemon is shutting down")
            for command in pending { command.fail(refusal) }
            if let failure { continuation.yield(failure) }
            continuation.finish()
            let saved = pipeline.finish()
            finalSnapshots.withLock { $0 = saved }
            socket.close()
            done.signal()
        }
        thread.name = "blrd-stream-\(stream.name)"
        thread.stackSize = 8 << 20
        thread.start()
        started.wait()
        if case .failure(let error) = ready.current! {
            throw ConfigError(
                file: "stream '\(stream.name)'", line: nil, key: nil,
                message: "cannot \(stream.endpoint.verb) \(stream.endpoint.address): \(error)")
        }
    }

    /// Most messages drained into one group. A group is one journal commit (and fsync, 1–2 ms here), so at
    /// 200 k messages/s a group must hold a few hundred messages for the commit to keep up; 4096 leaves room and
    /// stays far inside `groupBytes`, which bounds the group in bytes (`MemoryBudget`). The old cap, 256, held
    /// B = 1 to ~20 k/s end to end with the journal on (`blr-bench e2e`). A group's publications go out as one
    /// burst, so a group also stays within half the publish high-water mark (a `pred/` per model per message):
    /// a burst beyond it would be dropped for a subscriber that reads at the pace of the network. Past
    /// ``smallGroup`` messages a group only grows while its messages are small (``smallGroupBytes`` in all).
    /// Messages a group always may take (the cap before issue 9), and the bytes past which it stops growing beyond
    /// them. A group's publications wait for its commit, so a long group of large batches delays the first `pred/`
    /// and stops the sending overlapping the learning: with 4096-message groups B = 64 ran 15–30 % slower end to end
    /// than with 256 (`blr-bench e2e --baseline`, three runs), while at B = 1 (~150 bytes a message) 3500 messages
    /// are 512 KiB.
    static let smallGroup = 256
    static let smallGroupBytes = 512 << 10

    static func maxGroup(budget: MemoryBudget, models: Int) -> Int {
        min(4096, max(1, budget.publishHighWaterMark / (2 * max(1, models))))
    }

    /// Runs until asked to stop (nil) or until the socket fails (the reason).
    private static func loop(
        socket: Socket, pipeline: StreamPipeline, doorbell: Doorbell, state: Locked<State>,
        heartbeat: Locked<ContinuousClock.Instant>, groupBytes: Int, maxGroup: Int, failPoll: Bool, logger: Logger
    ) -> String? {
        var poller = Poller([.socket(socket), .fileDescriptor(doorbell.readDescriptor)])
        let stopping = { state.withLock { if case .running = $0 { return false } else { return true } } }
        while true {
            heartbeat.withLock { $0 = .now }
            let commands = state.withLock { s -> [WorkerCommand]? in
                guard case .running(let commands) = s else { return nil }
                s = .running(commands: [])
                return commands
            }
            guard let commands else { return nil }
            for command in commands { pipeline.execute(command) }
            do {
                _ = try poller.poll(timeout: 1000)
                if failPoll && poller.isReadable(0) { throw InjectedFault() }
            } catch let error as ZeroMQError where error.isTerminated {
                return stopping() ? nil : "the ZeroMQ context was terminated under it"
            } catch {
                return "poll failed: \(error)"
            }
            if poller.isReadable(1) { doorbell.drain() }
            guard poller.isReadable(0) else { continue }
            // Drain what is queued — bounded in count and bytes, so commands and stop stay responsive and memory
            // stays within the budget; the group is journaled in one transaction.
            var group: [[[UInt8]]] = []
            var bytes = 0
            var failure: String?
            while group.count < maxGroup && bytes < groupBytes
                && (group.count < Self.smallGroup || bytes < Self.smallGroupBytes)
            {
                do {
                    guard let frames = try socket.receive(dontWait: true) else { break }
                    bytes += frames.reduce(0) { $0 + $1.count }
                    group.append(frames)
                } catch let error as ZeroMQError where error.isTerminated {
                    if !stopping() { failure = "the ZeroMQ context was terminated under it" }
                    break
                } catch {
                    failure = "receive failed: \(error)"
                    break
                }
            }
            if !group.isEmpty { pipeline.handle(group, stopping: stopping) }
            if let failure { return failure }
        }
    }

    /// Queues a command for the worker thread; refuses it at once when the thread is stopping or has ended.
    func submit(_ command: WorkerCommand) {
        let refusal = state.withLock { s -> ControlFailure? in
            switch s {
            case .running(var commands):
                commands.append(command)
                s = .running(commands: commands)
                return nil
            case .stopping, .ended(failure: nil):
                return ControlFailure("the daemon is shutting down")
            case .ended(let failure?):
                return ControlFailure("the stream thread of '\(name)' failed: \(failure)")
            }
        }
        if let refusal { command.fail(refusal) } else { doorbell.ring() }
    }

    /// When the worker last went round its loop (at least once a second while alive).
    var lastHeartbeat: ContinuousClock.Instant { heartbeat.current }

    /// Stops consuming after the message in hand, writes the final snapshots and closes the socket. Blocks
    /// until the thread has finished or `timeout` passed; returns false on timeout.
    @discardableResult
    func stop(timeout: Duration) -> Bool {
        let pending = state.withLock { s -> [WorkerCommand] in
            guard case .running(let commands) = s else { return [] }
            s = .stopping
            return commands
        }
        for command in pending { command.fail(ControlFailure("the daemon is shutting down")) }
        doorbell.ring()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        return done.wait(timeout: .now() + seconds) == .success
    }
}

extension StreamConfig.Endpoint {
    var verb: String {
        switch self {
        case .connect: return "connect to"
        case .bind: return "bind"
        }
    }
}
