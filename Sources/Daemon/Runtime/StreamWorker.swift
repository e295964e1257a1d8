import Foundation
import Logging
import ZeroMQ

/// Runs one stream's pipeline on a thread of its own, so a slow model never stalls another stream and the
/// Swift concurrency pool never blocks on a socket. The thread creates, uses and closes the stream's SUB socket
/// and blocks only in `zmq_poll`, on the socket and a doorbell that control commands and `stop()` ring.
final class StreamWorker: Sendable {
    let name: String
    private let doorbell: Doorbell
    private let inbox = Locked(Inbox())
    private let done = DispatchSemaphore(value: 0)
    private let heartbeat = Locked(ContinuousClock.now)
    /// Whether the final snapshots at stop committed (nil until the worker has stopped).
    let finalSnapshots = Locked<Bool?>(nil)

    private struct Inbox {
        var commands: [WorkerCommand] = []
        var stopping = false
    }

    /// Creates the socket on a new thread and starts consuming; throws the bind/connect error, if any.
    init(
        stream: StreamConfig, pipeline: StreamPipeline, context: Context, daemon: DaemonConfig.Daemon, budget: MemoryBudget,
        curve: CurveCredentials? = nil, logger: Logger
    ) throws {
        name = stream.name
        doorbell = try Doorbell()
        let ready = Locked<Result<Void, Error>?>(nil)
        let started = DispatchSemaphore(value: 0)
        let thread = Thread { [doorbell, inbox, done, heartbeat, finalSnapshots] in
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
                started.signal()
                done.signal()
                return
            }
            started.signal()
            Self.loop(
                socket: socket, pipeline: pipeline, doorbell: doorbell, inbox: inbox, heartbeat: heartbeat,
                groupBytes: budget.groupBytes, logger: logger)
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

    private static func loop(
        socket: Socket, pipeline: StreamPipeline, doorbell: Doorbell, inbox: Locked<Inbox>,
        heartbeat: Locked<ContinuousClock.Instant>, groupBytes: Int, logger: Logger
    ) {
        var poller = Poller([.socket(socket), .fileDescriptor(doorbell.readDescriptor)])
        while true {
            heartbeat.withLock { $0 = .now }
            let (commands, stopping) = inbox.withLock { box -> ([WorkerCommand], Bool) in
                defer { box.commands = [] }
                return (box.commands, box.stopping)
            }
            for command in commands { pipeline.execute(command) }
            if stopping { return }
            do {
                _ = try poller.poll(timeout: 1000)
            } catch let error as ZeroMQError where error.isTerminated {
                return
            } catch {
                logger.error("poll failed", metadata: ["error": "\(error)"])
                return
            }
            if poller.isReadable(1) { doorbell.drain() }
            guard poller.isReadable(0) else { continue }
            // Drain what is queued, a bounded number (and size) at a time so commands and stop stay responsive and
            // memory stays within the budget; the group is journaled in one transaction.
            var group: [[[UInt8]]] = []
            var bytes = 0
            var terminated = false
            while group.count < 256 && bytes < groupBytes {
                do {
                    guard let frames = try socket.receive(dontWait: true) else { break }
                    bytes += frames.reduce(0) { $0 + $1.count }
                    group.append(frames)
                } catch let error as ZeroMQError where error.isTerminated {
                    terminated = true
                    break
                } catch {
                    logger.error("receive failed", metadata: ["error": "\(error)"])
                    break
                }
            }
            if !group.isEmpty { pipeline.handle(group, stopping: { inbox.withLock { $0.stopping } }) }
            if terminated { return }
        }
    }

    /// Queues a command for the worker thread.
    func submit(_ command: WorkerCommand) {
        let accepted = inbox.withLock { box -> Bool in
            guard !box.stopping else { return false }
            box.commands.append(command)
            return true
        }
        if accepted { doorbell.ring() } else { command.fail(ControlFailure("the daemon is shutting down")) }
    }

    /// When the worker last went round its loop (at least once a second while alive).
    var lastHeartbeat: ContinuousClock.Instant { heartbeat.current }

    /// Stops consuming after the message in hand, writes the final snapshots and closes the socket. Blocks
    /// until the thread has finished or `timeout` passed; returns false on timeout.
    @discardableResult
    func stop(timeout: Duration) -> Bool {
        inbox.withLock { $0.stopping = true }
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
