import CZeroMQ

/// A CURVE long-term key pair as Z85 text (40 characters each), for `ZMQ_CURVE_*` options.
///
/// A server needs its secret key (and hands its public key to clients out of band); a client needs the
/// server's public key and a pair of its own. Its `description` never shows the secret key.
public struct CurveKeyPair: Sendable, Equatable, CustomStringConvertible {
    /// The public key, Z85.
    public let publicKey: String
    /// The secret key, Z85. Keep it out of logs.
    public let secretKey: String

    /// A key pair from known Z85 keys.
    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A fresh random key pair (`zmq_curve_keypair`; needs libzmq built with CURVE, which Debian's is).
    public static func generate() throws -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else {
            throw ZeroMQError.last("zmq_curve_keypair")
        }
        return CurveKeyPair(publicKey: decodeCString(publicKey), secretKey: decodeCString(secretKey))
    }

    /// The public key that belongs to a Z85 secret key (`zmq_curve_public`).
    public static func publicKey(forSecretKey secretKey: String) throws -> String {
        var publicKey = [CChar](repeating: 0, count: 41)
        guard secretKey.utf8.count == 40, zmq_curve_public(&publicKey, secretKey) == 0 else {
            throw ZeroMQError(errno: EINVAL, operation: "zmq_curve_public: not a 40-character Z85 secret key")
        }
        return decodeCString(publicKey)
    }

    /// `CurveKeyPair(public: …, secret: <redacted>)`.
    public var description: String {
        "CurveKeyPair(public: \(publicKey), secret: <redacted>)"
    }

    private static func decodeCString(_ characters: [CChar]) -> String {
        let bytes = characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Socket {
    /// Makes this socket a CURVE server with `keys` (set before ``bind(_:)``): `ZMQ_CURVE_SERVER` and
    /// `ZMQ_CURVE_SECRETKEY`. Clients must know `keys.publicKey`.
    public func makeCurveServer(keys: CurveKeyPair) throws {
        try set(.curveServer, true)
        try set(.curveSecretKey, keys.secretKey)
    }

    /// Makes this socket a CURVE client of the server whose public key is `serverKey` (set before
    /// ``connect(_:)``), authenticating as `keys`.
    public func makeCurveClient(serverKey: String, keys: CurveKeyPair) throws {
        try set(.curveServerKey, serverKey)
        try set(.curvePublicKey, keys.publicKey)
        try set(.curveSecretKey, keys.secretKey)
    }
}
