import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A libzmq socket, owned by one thread.
///
/// libzmq sockets are not thread-safe: create, use and close a socket on one thread. The type is therefore
/// deliberately not `Sendable` (the compiler refuses to move it across isolation boundaries); to drive
/// sockets from Swift concurrency, let a ``SocketLoop`` own them on its dedicated thread.
///
/// The socket keeps its ``Context`` alive, so the context's `deinit` never waits on a socket. ``close()``
/// (also run by `deinit`) sets `ZMQ_LINGER` to 0 first: unsent messages are dropped, never waited for.
///
/// Messages are `[[UInt8]]`, one array per frame: see ``send(_:dontWait:)`` and ``receive(dontWait:)``
/// in `Socket+Messages.swift`; options are in `Socket+Options.swift`.
public final class Socket {
    /// The context the socket belongs to.
    public let context: Context
    /// The socket's pattern.
    public let type: SocketType
    /// The libzmq `void *`, or `nil` once closed.
    private(set) var handle: UnsafeMutableRawPointer?

    /// Creates a socket of `type` in `context` (`zmq_socket`), on the calling thread, which then owns it.
    public init(context: Context, type: SocketType) throws {
        self.context = context
        self.type = type
        self.handle = try context.makeSocketHandle(type: type.rawValue)
    }

    deinit {
        close()
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { handle == nil }

    /// The open handle, or `ENOTSOCK` naming `operation` if the socket is closed.
    func openHandle(_ operation: @autoclosure () -> String) throws -> UnsafeMutableRawPointer {
        guard let handle else {
            throw ZeroMQError(errno: ENOTSOCK, operation: "\(operation()) on a closed \(type) socket")
        }
        return handle
    }

    /// Accepts connections at `endpoint` (`zmq_bind`): `tcp://127.0.0.1:5556`, `tcp://127.0.0.1:*` (a free
    /// port: read ``lastEndpoint``), `ipc:///path`, `inproc://name`.
    public func bind(_ endpoint: String) throws {
        let handle = try openHandle("bind \(endpoint)")
        guard zmq_bind(handle, endpoint) == 0 else { throw ZeroMQError.last("bind \(endpoint)") }
    }

    /// Connects to `endpoint` (`zmq_connect`). Returns at once: libzmq connects, and reconnects, in the
    /// background, and queues outgoing messages meanwhile (unless `ZMQ_IMMEDIATE` is set).
    public func connect(_ endpoint: String) throws {
        let handle = try openHandle("connect \(endpoint)")
        guard zmq_connect(handle, endpoint) == 0 else { throw ZeroMQError.last("connect \(endpoint)") }
    }

    /// Stops accepting at `endpoint`, which must be the resolved form from ``lastEndpoint`` (`zmq_unbind`).
    public func unbind(_ endpoint: String) throws {
        let handle = try openHandle("unbind \(endpoint)")
        guard zmq_unbind(handle, endpoint) == 0 else { throw ZeroMQError.last("unbind \(endpoint)") }
    }

    /// Disconnects from `endpoint` (`zmq_disconnect`).
    public func disconnect(_ endpoint: String) throws {
        let handle = try openHandle("disconnect \(endpoint)")
        guard zmq_disconnect(handle, endpoint) == 0 else { throw ZeroMQError.last("disconnect \(endpoint)") }
    }

    /// The endpoint of the last bind or connect, with wildcards resolved (`ZMQ_LAST_ENDPOINT`):
    /// bind `tcp://127.0.0.1:*`, then read `tcp://127.0.0.1:41234`.
    public var lastEndpoint: String {
        get throws { try get(.lastEndpoint) }
    }

    /// Subscribes a SUB (or XSUB) socket to every message whose first frame *starts with* `prefix`
    /// (`ZMQ_SUBSCRIBE`); the empty prefix subscribes to everything. Filtering is by prefix only:
    /// a caller that wants exact topics compares the first frame itself.
    public func subscribe(_ prefix: [UInt8]) throws {
        try set(.subscribe, prefix)
    }

    /// Subscribes to the UTF-8 bytes of `prefix`; see ``subscribe(_:)-([UInt8])``.
    public func subscribe(_ prefix: String) throws {
        try subscribe(Array(prefix.utf8))
    }

    /// Removes one earlier subscription to exactly `prefix` (`ZMQ_UNSUBSCRIBE`).
    public func unsubscribe(_ prefix: [UInt8]) throws {
        try set(.unsubscribe, prefix)
    }

    /// Removes one earlier subscription to the UTF-8 bytes of `prefix`.
    public func unsubscribe(_ prefix: String) throws {
        try unsubscribe(Array(prefix.utf8))
    }

    /// Sets `ZMQ_LINGER` to 0 and closes the socket (`zmq_close`): queued outgoing messages are dropped.
    /// Idempotent; every later call on the socket throws `ENOTSOCK`.
    public func close() {
        close(linger: 0)
    }

    /// Closes the socket, letting libzmq keep sending what is queued for up to `linger` milliseconds: the
    /// context's `terminate()` then waits until the queue has left or the time is up (a publisher's last
    /// messages). Idempotent.
    public func close(linger milliseconds: Int32) {
        guard let handle else { return }
        var linger: Int32 = milliseconds
        _ = zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        _ = zmq_close(handle)
        self.handle = nil
    }
}

/// A socket belongs to the thread that created it; it must never cross threads.
@available(*, unavailable, message: "libzmq sockets are not thread-safe; let a SocketLoop own them")
extension Socket: Sendable {}
