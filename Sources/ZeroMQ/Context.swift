import CZeroMQ
import Foundation

/// A libzmq context: the I/O threads and the registry of sockets that every ``Socket`` belongs to.
///
/// Shutdown order (libzmq's rule, see `zmq_ctx_term(3)`): ``terminate()`` blocks until every socket of the
/// context is closed. So a process that stops:
/// 1. calls ``shutdown()``, which makes every blocking call on its sockets fail with `ETERM`
///    (``ZeroMQError/isTerminated``) without blocking itself;
/// 2. closes every socket on the thread that owns it (``Socket/close()`` sets `ZMQ_LINGER` 0 first, so
///    unsent messages are dropped rather than waited for);
/// 3. calls ``terminate()``, or drops the last reference (every socket holds its context, so `deinit` runs
///    only once all sockets are gone and never blocks).
///
/// `@unchecked Sendable`: libzmq documents contexts as thread-safe (`zmq_ctx_new(3)`: "a context is thread
/// safe and may be shared among as many application threads as necessary"); the only Swift state, the
/// lifecycle phase, is guarded by `lock`, which also keeps the handle from being used after it is freed.
public final class Context: @unchecked Sendable {
    /// Where the context is in its life; read and written only under `lock`.
    private enum Phase {
        case open
        case shutDown
        case terminating
        case terminated
    }

    /// The `void *` from `zmq_ctx_new`; freed by `zmq_ctx_term`, after which `phase` is `.terminated`.
    private let handle: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var phase = Phase.open

    /// Creates a context (`zmq_ctx_new`).
    public init() throws {
        guard let handle = zmq_ctx_new() else {
            throw ZeroMQError.last("zmq_ctx_new")
        }
        self.handle = handle
    }

    deinit {
        terminate()
    }

    /// The libzmq version this process runs against, e.g. `(4, 3, 4)`.
    public static var libraryVersion: (major: Int, minor: Int, patch: Int) {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }

    /// Whether libzmq was built with a capability: `"curve"`, `"ipc"`, `"draft"`, … (`zmq_has`).
    public static func has(_ capability: String) -> Bool {
        zmq_has(capability) != 0
    }

    /// Whether neither ``shutdown()`` nor ``terminate()`` has been called: new sockets can still be created.
    public var isOpen: Bool {
        lock.withLock { phase == .open }
    }

    /// Makes every blocking and future call on this context's sockets fail with `ETERM` (`zmq_ctx_shutdown`).
    ///
    /// Does not block and does not free anything; safe from any thread, any number of times.
    public func shutdown() {
        lock.withLock {
            guard phase == .open else { return }
            _ = zmq_ctx_shutdown(handle)
            phase = .shutDown
        }
    }

    /// Shuts the context down and frees it (`zmq_ctx_term`), blocking until every socket is closed.
    ///
    /// Call it after closing the sockets (see the type's shutdown order). Idempotent: a second call, or a call
    /// while another thread is terminating, returns at once.
    public func terminate() {
        let shouldTerminate = lock.withLock {
            guard phase == .open || phase == .shutDown else { return false }
            phase = .terminating
            return true
        }
        guard shouldTerminate else { return }
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
        lock.withLock { phase = .terminated }
    }

    /// Creates a libzmq socket of `type` (`zmq_socket`); fails with `ETERM` once the context is shut down.
    ///
    /// Holding `lock` across `zmq_socket` keeps ``terminate()`` from freeing the context meanwhile.
    func makeSocketHandle(type: Int32) throws -> UnsafeMutableRawPointer {
        try lock.withLock {
            guard phase == .open else {
                throw ZeroMQError(errno: ETERM, operation: "zmq_socket")
            }
            guard let socket = zmq_socket(handle, type) else {
                throw ZeroMQError.last("zmq_socket")
            }
            return socket
        }
    }
}
