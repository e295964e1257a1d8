/// What a CURVE client needs to talk to a CURVE server (ZeroMQ RFC 26): the server's public key, known in
/// advance, and a key pair of its own, whose public half the server's ZAP handler checks.
///
/// References: ZeroMQ RFC 26 (CurveZMQ), RFC 27 (ZAP).
public struct CurveClientKeys: Sendable, Equatable, CustomStringConvertible {
    /// The server's public key, Z85.
    public let serverKey: String
    /// This client's key pair.
    public let keys: CurveKeyPair

    public init(serverKey: String, keys: CurveKeyPair) {
        self.serverKey = serverKey
        self.keys = keys
    }

    /// Reads the server's certificate (public or secret: only its public key is used) and this client's
    /// secret certificate.
    public init(serverKeyFile: String, secretKeyFile: String) throws(CurveCertificateError) {
        let server = try CurveCertificate.read(path: serverKeyFile)
        guard let keys = try CurveCertificate.read(path: secretKeyFile).keyPair else {
            throw CurveCertificateError(
                file: secretKeyFile, message: "has no secret-key: give the client's NAME.key_secret, not NAME.key")
        }
        self.init(serverKey: server.publicKey, keys: keys)
    }

    /// `CurveClientKeys(server: …, client: …)`, without the secret key.
    public var description: String {
        "CurveClientKeys(server: \(serverKey), client: \(keys.publicKey))"
    }
}

extension Socket {
    /// Makes this socket a CURVE client with `curve` (set before ``connect(_:)`` or ``bind(_:)``).
    public func makeCurveClient(_ curve: CurveClientKeys) throws {
        try makeCurveClient(serverKey: curve.serverKey, keys: curve.keys)
    }
}
