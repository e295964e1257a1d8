/// `[daemon] http`: the host and TCP port the metrics and health endpoint listens on, written `host:port`,
/// `[v6]:port`, `:port` or `port` (the last two on 127.0.0.1).
public struct HTTPAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `text`; nil when it is not one of the forms above or the port is outside 1…65535.
    public init?(parsing text: String) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            var h = text[..<colon]
            portText = text[text.index(after: colon)...]
            if h.hasPrefix("["), h.hasSuffix("]") { h = h.dropFirst().dropLast() }
            if !h.isEmpty { host = String(h) }
            guard !h.contains(":") || text.hasPrefix("[") else { return nil }
        }
        guard let port = Int(portText), (1...65535).contains(port), !host.contains(where: \.isWhitespace) else {
            return nil
        }
        self.init(host: host, port: port)
    }

    /// Whether only this machine reaches it: 127.0.0.0/8, `::1` or `localhost`.
    public var isLoopback: Bool { LocalEndpoint.isLocal("tcp://[\(host)]:\(port)") }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
