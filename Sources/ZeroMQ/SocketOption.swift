import CZeroMQ

/// A libzmq socket option, typed by its value: `try socket.set(.sendHighWaterMark, 10_000)`,
/// `try socket.get(.maxMessageSize)`.
///
/// Durations are milliseconds as libzmq takes them, with -1 meaning "forever". Options that configure
/// connections (high-water marks, CURVE keys, `maxMessageSize`, `routingId`) apply to connections made
/// *after* they are set: set them before ``Socket/bind(_:)`` and ``Socket/connect(_:)``.
public struct SocketOption<Value: SocketOptionValue>: Sendable, CustomStringConvertible {
    /// The `ZMQ_*` option number.
    public let code: Int32
    /// The `ZMQ_*` name, for errors and logs.
    public let name: String
    /// How many bytes a read of the option may return (a Z85 key reads as exactly 40 characters and a NUL).
    public let readCapacity: Int

    /// Describes an option this module does not list, e.g. `SocketOption<Int32>(code: ZMQ_TCP_KEEPALIVE, …)`.
    public init(code: Int32, name: String, readCapacity: Int = 256) {
        self.code = code
        self.name = name
        self.readCapacity = readCapacity
    }

    public var description: String { name }
}

extension SocketOption where Value == Int32 {
    /// Most messages queued for sending per peer before PUB drops and PUSH/DEALER block (`ZMQ_SNDHWM`, 1000;
    /// 0 = unlimited).
    public static var sendHighWaterMark: Self { .init(code: ZMQ_SNDHWM, name: "ZMQ_SNDHWM", readCapacity: 4) }
    /// Most messages queued on receipt per peer (`ZMQ_RCVHWM`, 1000; 0 = unlimited).
    public static var receiveHighWaterMark: Self { .init(code: ZMQ_RCVHWM, name: "ZMQ_RCVHWM", readCapacity: 4) }
    /// Milliseconds that closing waits to flush unsent messages (`ZMQ_LINGER`; ``Socket/close()`` sets 0).
    public static var linger: Self { .init(code: ZMQ_LINGER, name: "ZMQ_LINGER", readCapacity: 4) }
    /// Milliseconds a blocking receive waits before returning `nil` (`ZMQ_RCVTIMEO`, -1 = forever).
    public static var receiveTimeout: Self { .init(code: ZMQ_RCVTIMEO, name: "ZMQ_RCVTIMEO", readCapacity: 4) }
    /// Milliseconds a blocking send waits before failing with `EAGAIN` (`ZMQ_SNDTIMEO`, -1 = forever).
    public static var sendTimeout: Self { .init(code: ZMQ_SNDTIMEO, name: "ZMQ_SNDTIMEO", readCapacity: 4) }
}

extension SocketOption where Value == Int64 {
    /// Largest inbound message, in bytes, summed over its frames (`ZMQ_MAXMSGSIZE`, -1 = no limit). A peer
    /// that sends a larger one is disconnected; the message is never delivered.
    public static var maxMessageSize: Self { .init(code: ZMQ_MAXMSGSIZE, name: "ZMQ_MAXMSGSIZE", readCapacity: 8) }
}

extension SocketOption where Value == Bool {
    /// XPUB: pass every subscription message up, including duplicates (`ZMQ_XPUB_VERBOSE`; write-only).
    public static var xpubVerbose: Self { .init(code: ZMQ_XPUB_VERBOSE, name: "ZMQ_XPUB_VERBOSE", readCapacity: 4) }
    /// At the high-water mark an XPUB fails with EAGAIN (so a blocking send waits) instead of dropping.
    public static var xpubNoDrop: Self { .init(code: ZMQ_XPUB_NODROP, name: "ZMQ_XPUB_NODROP", readCapacity: 4) }
    /// ROUTER: fail with `EHOSTUNREACH` instead of silently dropping a message to an unknown routing id
    /// (`ZMQ_ROUTER_MANDATORY`; write-only).
    public static var routerMandatory: Self {
        .init(code: ZMQ_ROUTER_MANDATORY, name: "ZMQ_ROUTER_MANDATORY", readCapacity: 4)
    }
    /// Queue messages only to completed connections (`ZMQ_IMMEDIATE`).
    public static var immediate: Self { .init(code: ZMQ_IMMEDIATE, name: "ZMQ_IMMEDIATE", readCapacity: 4) }
    /// Act as a CURVE server: needs ``curveSecretKey`` (`ZMQ_CURVE_SERVER`).
    public static var curveServer: Self { .init(code: ZMQ_CURVE_SERVER, name: "ZMQ_CURVE_SERVER", readCapacity: 4) }
}

extension SocketOption where Value == String {
    /// The resolved endpoint of the last bind or connect (`ZMQ_LAST_ENDPOINT`; read-only).
    public static var lastEndpoint: Self {
        .init(code: ZMQ_LAST_ENDPOINT, name: "ZMQ_LAST_ENDPOINT", readCapacity: 1024)
    }
    /// This socket's long-term CURVE public key, Z85 (`ZMQ_CURVE_PUBLICKEY`; clients).
    public static var curvePublicKey: Self {
        .init(code: ZMQ_CURVE_PUBLICKEY, name: "ZMQ_CURVE_PUBLICKEY", readCapacity: 41)
    }
    /// This socket's long-term CURVE secret key, Z85 (`ZMQ_CURVE_SECRETKEY`; servers and clients).
    public static var curveSecretKey: Self {
        .init(code: ZMQ_CURVE_SECRETKEY, name: "ZMQ_CURVE_SECRETKEY", readCapacity: 41)
    }
    /// The server's CURVE public key, Z85, which makes this socket a CURVE client (`ZMQ_CURVE_SERVERKEY`).
    public static var curveServerKey: Self {
        .init(code: ZMQ_CURVE_SERVERKEY, name: "ZMQ_CURVE_SERVERKEY", readCapacity: 41)
    }
    /// The ZAP domain a server socket's handshakes are authenticated in (`ZMQ_ZAP_DOMAIN`); the ZAP handler
    /// sees it in each request (ZeroMQ RFC 27).
    public static var zapDomain: Self { .init(code: ZMQ_ZAP_DOMAIN, name: "ZMQ_ZAP_DOMAIN") }
}

extension SocketOption where Value == [UInt8] {
    /// Add a subscription prefix (`ZMQ_SUBSCRIBE`; write-only). See ``Socket/subscribe(_:)-([UInt8])``.
    public static var subscribe: Self { .init(code: ZMQ_SUBSCRIBE, name: "ZMQ_SUBSCRIBE") }
    /// Remove a subscription prefix (`ZMQ_UNSUBSCRIBE`; write-only).
    public static var unsubscribe: Self { .init(code: ZMQ_UNSUBSCRIBE, name: "ZMQ_UNSUBSCRIBE") }
    /// The identity a ROUTER peer sees for this socket, 1–255 bytes (`ZMQ_ROUTING_ID`).
    public static var routingId: Self { .init(code: ZMQ_ROUTING_ID, name: "ZMQ_ROUTING_ID") }
}
