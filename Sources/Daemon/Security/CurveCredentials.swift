import ZeroMQ

/// The daemon's CURVE keys, loaded by ``CurveSettings/load()``: its own pair, which makes each socket a CURVE
/// server (ZeroMQ RFC 26), and the client public keys its ZAP handler (RFC 27) lets in.
public struct CurveCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The server's key pair; clients know its public key.
    public let serverKeys: CurveKeyPair
    /// The allowed clients' public keys, Z85.
    public let allowedClients: Set<String>

    public init(serverKeys: CurveKeyPair, allowedClients: Set<String>) {
        self.serverKeys = serverKeys
        self.allowedClients = allowedClients
    }

    /// `CURVE server <public key>, 3 allowed clients` — never the secret key.
    public var description: String {
        "CURVE server \(serverKeys.publicKey), \(allowedClients.count) allowed client\(allowedClients.count == 1 ? "" : "s")"
    }
}

extension Socket {
    /// Makes this socket a CURVE server (ZeroMQ RFC 26) in ZAP domain `domain` (RFC 27: the daemon's handler
    /// sees it in every request) when `curve` is set; does nothing otherwise. Call before bind or connect.
    func serveCurve(_ curve: CurveCredentials?, domain: String) throws {
        guard let curve else { return }
        try set(.zapDomain, domain)
        try makeCurveServer(keys: curve.serverKeys)
    }
}
