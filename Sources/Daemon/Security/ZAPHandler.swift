import Foundation
import Logging
import ZeroMQ

/// The daemon's ZAP handler (ZeroMQ RFC 27): a REP socket bound at `inproc://zeromq.zap.01` on the daemon's
/// context, on a thread of its own, which libzmq asks about every CURVE handshake (RFC 26) on the context's
/// server sockets. A client whose long-term public key is allowed gets 200 and is served; any other gets 400,
/// and libzmq drops the connection before a message passes.
///
/// Start it before any CURVE socket binds or connects (a handshake with no handler bound is let in) and stop
/// it before the context terminates (which waits for every socket, this one included). Refusals are logged
/// with the peer's address and key, at most a few a second: a refused client reconnects and retries.
///
/// References: ZeroMQ RFC 27 (ZAP), RFC 26 (CurveZMQ).
final class ZAPHandler: Sendable {
    private let doorbell: Doorbell
    private let stopping = Locked(false)
    private let done = DispatchSemaphore(value: 0)

    /// Binds the handler's socket on a new thread; throws the bind error (e.g. another handler in the context).
    init(context: Context, allowedClients: Set<String>, logger: Logger) throws {
        doorbell = try Doorbell()
        let ready = Locked<Result<Void, Error>?>(nil)
        let started = DispatchSemaphore(value: 0)
        let thread = Thread { [doorbell, stopping, done] in
            let socket: Socket
            do {
                socket = try Socket(context: context, type: .rep)
                try socket.bind(ZAPRequest.endpoint)
                ready.withLock { $0 = .success(()) }
            } catch {
                ready.withLock { $0 = .failure(error) }
                started.signal()
                done.signal()
                return
            }
            started.signal()
            var decider = ZAPDecider(allowedClients: allowedClients, logger: logger)
            Self.serve(socket: socket, doorbell: doorbell, stopping: stopping, decider: &decider, logger: logger)
            socket.close()
            done.signal()
        }
        thread.name = "blrd-zap"
        thread.start()
        started.wait()
        if case .failure(let error) = ready.current! {
            throw StartupError("cannot start the ZAP handler at \(ZAPRequest.endpoint): \(error)")
        }
    }

    deinit {
        stop()
    }

    /// Answers requests, one at a time as REP requires, until `stop()` or the context's shutdown.
    private static func serve(
        socket: Socket, doorbell: Doorbell, stopping: Locked<Bool>, decider: inout ZAPDecider, logger: Logger
    ) {
        var poller = Poller([.socket(socket), .fileDescriptor(doorbell.readDescriptor)])
        while !stopping.current {
            do {
                _ = try poller.poll(timeout: 1000)
                if poller.isReadable(1) { doorbell.drain() }
                while !stopping.current, let frames = try socket.receive(dontWait: true) {
                    try socket.send(decider.reply(to: frames))
                }
            } catch let error as ZeroMQError where error.isTerminated {
                return
            } catch {
                logger.error("ZAP handler failed; CURVE clients can no longer connect", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    /// Stops the thread and closes its socket; returns once it has. Idempotent.
    func stop() {
        let first = stopping.withLock { already -> Bool in
            defer { already = true }
            return !already
        }
        guard first else { return }
        doorbell.ring()
        done.wait()
        done.signal()  // later callers (deinit after stop) must not wait again
    }
}
