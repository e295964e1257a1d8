/// One ZeroMQ Authentication Protocol request (ZeroMQ RFC 27/ZAP), as a ZAP handler's REP socket receives it,
/// and the reply that answers it.
///
/// libzmq asks the handler bound at ``endpoint`` in the socket's context about every handshake on a socket
/// with a security mechanism — for CURVE (RFC 26), a server socket — and lets the peer in only on status 200.
/// Frames: version `"1.0"`, request id, domain (`ZMQ_ZAP_DOMAIN`), the peer's address, its routing id, the
/// mechanism (`"NULL"`, `"PLAIN"`, `"CURVE"`), then the credentials: for CURVE one frame, the client's
/// long-term public key as 32 raw bytes.
///
/// References: ZeroMQ RFC 27 (ZAP), https://rfc.zeromq.org/spec/27/; RFC 26 (CurveZMQ).
public struct ZAPRequest: Sendable, Equatable {
    /// Where a context's ZAP handler binds (a REP socket), by RFC 27.
    public static let endpoint = "inproc://zeromq.zap.01"
    /// The protocol version this type speaks.
    public static let version = "1.0"

    /// The reply statuses of RFC 27.
    public enum Status: String, Sendable {
        /// Allowed.
        case success = "200"
        /// Refused for now; the client may retry.
        case temporaryError = "300"
        /// Refused: bad credentials.
        case failure = "400"
        /// The handler could not decide.
        case internalError = "500"
    }

    /// The request id, echoed in the reply.
    public let requestID: [UInt8]
    /// The ZAP domain of the socket being connected to (empty unless set).
    public let domain: String
    /// The peer's address: an IP for tcp (`127.0.0.1`), a local description for ipc.
    public let address: String
    /// The peer's routing id (often empty).
    public let routingID: [UInt8]
    /// `NULL`, `PLAIN` or `CURVE`.
    public let mechanism: String
    /// The mechanism's credentials: for CURVE the client's public key, 32 bytes.
    public let credentials: [[UInt8]]

    /// Parses a request; nil when the frames are not a version 1.0 ZAP request.
    public init?(frames: [[UInt8]]) {
        guard frames.count >= 6, String(decoding: frames[0], as: UTF8.self) == Self.version else { return nil }
        requestID = frames[1]
        domain = String(decoding: frames[2], as: UTF8.self)
        address = String(decoding: frames[3], as: UTF8.self)
        routingID = frames[4]
        mechanism = String(decoding: frames[5], as: UTF8.self)
        credentials = Array(frames.dropFirst(6))
    }

    /// The CURVE client's long-term public key in Z85, or nil when the mechanism is not CURVE.
    public var curvePublicKey: String? {
        guard mechanism == "CURVE", credentials.count == 1, credentials[0].count == 32 else { return nil }
        return Z85.encode(credentials[0])
    }

    /// The reply: version, request id, status code, status text, user id, metadata (empty).
    public func reply(_ status: Status, text: String, userID: String = "") -> [[UInt8]] {
        Self.reply(to: requestID, status, text: text, userID: userID)
    }

    /// A reply to the request id `requestID` (for a request that did not parse: the second frame, if any).
    public static func reply(to requestID: [UInt8], _ status: Status, text: String, userID: String = "") -> [[UInt8]] {
        [Array(version.utf8), requestID, Array(status.rawValue.utf8), Array(text.utf8), Array(userID.utf8), []]
    }
}
