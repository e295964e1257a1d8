import CZeroMQ

/// Waits until any of a set of sockets and file descriptors is readable (`zmq_poll`).
///
/// Build it once and poll it repeatedly: the `zmq_pollitem_t` array is kept between calls, so a poll
/// allocates nothing. Like the sockets it holds, a poller belongs to one thread.
///
/// ```swift
/// var poller = Poller()
/// let requests = poller.add(pull)
/// let wake = poller.add(fileDescriptor: pipeReadEnd)
/// if try poller.poll(timeout: -1) > 0, poller.isReadable(requests) { … }
/// ```
public struct Poller {
    /// What a poll item watches.
    public enum Item {
        /// A libzmq socket, readable when a whole message can be received.
        case socket(Socket)
        /// A raw file descriptor (a pipe, an eventfd, a TCP socket), readable as for `poll(2)`.
        case fileDescriptor(Int32)
    }

    private var items: [zmq_pollitem_t] = []
    /// The sockets behind `items`, kept so they outlive the raw handles in `items` (nil for descriptors).
    private var sockets: [Socket?] = []

    /// An empty poller.
    public init() {}

    /// A poller over `items`, in order: index `i` of ``isReadable(_:)`` is `items[i]`.
    public init(_ items: [Item]) {
        for item in items {
            add(item)
        }
    }

    /// How many items are polled.
    public var count: Int { items.count }

    /// Adds an item; returns its index.
    @discardableResult
    public mutating func add(_ item: Item) -> Int {
        switch item {
        case .socket(let socket):
            items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0))
            sockets.append(socket)
        case .fileDescriptor(let descriptor):
            items.append(zmq_pollitem_t(socket: nil, fd: descriptor, events: Int16(ZMQ_POLLIN), revents: 0))
            sockets.append(nil)
        }
        return items.count - 1
    }

    /// Adds a socket; returns its index.
    @discardableResult
    public mutating func add(_ socket: Socket) -> Int {
        add(.socket(socket))
    }

    /// Adds a file descriptor; returns its index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32) -> Int {
        add(.fileDescriptor(fileDescriptor))
    }

    /// Blocks until at least one item is readable or `timeout` milliseconds pass (-1: no limit; 0: just look).
    ///
    /// - Returns: how many items are readable; 0 on timeout, or when a signal interrupted the wait (`EINTR`),
    ///   which callers treat like a timeout.
    /// - Throws: ``ZeroMQError``: `ETERM` once a polled socket's context is shut down; `ENOTSOCK` if a polled
    ///   socket was closed.
    public mutating func poll(timeout: Int) throws -> Int {
        for index in sockets.indices {
            guard let socket = sockets[index] else { continue }
            guard let handle = socket.handle else {
                throw ZeroMQError(errno: ENOTSOCK, operation: "poll a closed \(socket.type) socket (item \(index))")
            }
            items[index].socket = handle
        }
        let ready = items.withUnsafeMutableBufferPointer { buffer in
            zmq_poll(buffer.baseAddress, Int32(buffer.count), timeout)
        }
        guard ready >= 0 else {
            let error = ZeroMQError.last("zmq_poll")
            if error.isInterrupted {
                for index in items.indices {
                    items[index].revents = 0
                }
                return 0
            }
            throw error
        }
        return Int(ready)
    }

    /// Whether item `index` was readable at the last ``poll(timeout:)``.
    public func isReadable(_ index: Int) -> Bool {
        items[index].revents & Int16(ZMQ_POLLIN) != 0
    }

    /// The indices of the items readable at the last ``poll(timeout:)``, ascending.
    public var readableIndices: [Int] {
        items.indices.filter(isReadable)
    }

    /// Polls `items` once: the indices of those readable within `timeout` milliseconds (-1: no limit).
    public static func poll(_ items: [Item], timeout: Int) throws -> [Int] {
        var poller = Poller(items)
        _ = try poller.poll(timeout: timeout)
        return poller.readableIndices
    }
}

/// A poller holds sockets, which belong to one thread.
@available(*, unavailable, message: "a Poller holds sockets, which are not thread-safe")
extension Poller: Sendable {}
