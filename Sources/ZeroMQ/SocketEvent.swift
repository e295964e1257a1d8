import CZeroMQ

/// One event from a socket monitor (`zmq_socket_monitor(3)`): what happened, to which endpoint.
///
/// Start a monitor with ``Socket/monitor(_:events:)``, connect a `.pair` socket to the same `inproc://`
/// endpoint, and decode each message it receives with ``init(frames:)``.
public struct SocketEvent: Sendable, Equatable, CustomStringConvertible {
    /// A set of monitor event kinds (`ZMQ_EVENT_*`).
    public struct Kind: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        public static let connected = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECTED))
        public static let connectDelayed = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECT_DELAYED))
        public static let connectRetried = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECT_RETRIED))
        public static let listening = Kind(rawValue: UInt16(ZMQ_EVENT_LISTENING))
        public static let bindFailed = Kind(rawValue: UInt16(ZMQ_EVENT_BIND_FAILED))
        public static let accepted = Kind(rawValue: UInt16(ZMQ_EVENT_ACCEPTED))
        public static let acceptFailed = Kind(rawValue: UInt16(ZMQ_EVENT_ACCEPT_FAILED))
        public static let closed = Kind(rawValue: UInt16(ZMQ_EVENT_CLOSED))
        public static let closeFailed = Kind(rawValue: UInt16(ZMQ_EVENT_CLOSE_FAILED))
        public static let disconnected = Kind(rawValue: UInt16(ZMQ_EVENT_DISCONNECTED))
        public static let monitorStopped = Kind(rawValue: UInt16(ZMQ_EVENT_MONITOR_STOPPED))
        public static let handshakeFailedNoDetail = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL))
        public static let handshakeSucceeded = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_SUCCEEDED))
        public static let handshakeFailedProtocol = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL))
        public static let handshakeFailedAuth = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH))

        /// Any of the three handshake failures (a CURVE peer with the wrong key, a protocol error).
        public static let handshakeFailed: Kind = [
            .handshakeFailedNoDetail, .handshakeFailedProtocol,
            .handshakeFailedAuth,
        ]
        /// Every event.
        public static let all = Kind(rawValue: UInt16(ZMQ_EVENT_ALL))
    }

    /// The event (exactly one kind).
    public let kind: Kind
    /// The event's value: a file descriptor, an errno, a reconnect interval, depending on the kind.
    public let value: UInt32
    /// The endpoint concerned.
    public let endpoint: String

    /// Decodes a monitor message: frame 1 is a 16-bit event and a 32-bit value (host order), frame 2 the
    /// endpoint. `nil` if the frames do not have that shape.
    public init?(frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let header = frames[0]
        kind = Kind(rawValue: header.withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) })
        value = header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self) }
        endpoint = String(decoding: frames[1], as: UTF8.self)
    }

    /// `"event 0x0200 (value 12) on tcp://127.0.0.1:41234"`.
    public var description: String {
        let hex = String(kind.rawValue, radix: 16)
        return "event 0x\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) (value \(value)) on \(endpoint)"
    }
}

extension Socket {
    /// Publishes this socket's `events` on a PAIR socket bound at `endpoint` (an `inproc://` address)
    /// (`zmq_socket_monitor`). Connect a `.pair` socket there and decode with ``SocketEvent/init(frames:)``.
    public func monitor(_ endpoint: String, events: SocketEvent.Kind = .all) throws {
        let handle = try openHandle("monitor \(endpoint)")
        guard zmq_socket_monitor(handle, endpoint, Int32(events.rawValue)) == 0 else {
            throw ZeroMQError.last("monitor \(endpoint)")
        }
    }
}
