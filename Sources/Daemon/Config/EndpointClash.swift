/// Finds endpoints the daemon would fight itself over, so `blrd --check` reports them instead of the start
/// failing with "address in use" (issue 11): two sockets binding one address (the publish, control and HTTP
/// listeners and every `bind` stream), and a stream connecting to one of the daemon's own listeners.
///
/// Two streams may *connect* to one endpoint: a publisher that sends several streams on one PUB socket is
/// fine, since each stream subscribes to its own topic.
enum EndpointClash {
    /// One socket of the configuration: who owns it (`daemon.publish`, `stream[1].bind`), where that is written,
    /// and whether it listens or connects.
    struct Socket {
        var owner: String
        var key: String
        var section: String
        var index: Int
        var endpoint: String
        var listens: Bool
    }

    /// The first clash as a message on the later of the two sockets, or nil.
    static func first(in config: DaemonConfig) -> (socket: Socket, message: String)? {
        let sockets = sockets(of: config)
        for (j, later) in sockets.enumerated() {
            for earlier in sockets[..<j] {
                guard overlap(earlier.endpoint, later.endpoint) else { continue }
                switch (earlier.listens, later.listens) {
                case (true, true):
                    return (
                        later,
                        "'\(later.endpoint)' is also where \(earlier.owner) listens (\(earlier.endpoint)): "
                            + "two sockets cannot bind one address; give each its own port or path"
                    )
                case (true, false), (false, true):
                    let (listener, connector) = earlier.listens ? (earlier, later) : (later, earlier)
                    // Only the daemon's own listeners are a mistake to connect to; a stream's bind is not
                    // something another stream of the same daemon would connect to either.
                    return (
                        later,
                        "\(connector.owner) connects to '\(connector.endpoint)', where \(listener.owner) "
                            + "of this daemon listens: a stream must connect to its publisher, not to blrd itself"
                    )
                case (false, false):
                    continue
                }
            }
        }
        return nil
    }

    static func sockets(of config: DaemonConfig) -> [Socket] {
        let d = config.daemon
        var out = [
            Socket(
                owner: "daemon.publish", key: "publish", section: "daemon", index: 0, endpoint: d.publish, listens: true
            ),
            Socket(
                owner: "daemon.control", key: "control", section: "daemon", index: 0, endpoint: d.control, listens: true
            ),
        ]
        if let http = d.http {
            out.append(
                Socket(
                    owner: "daemon.http", key: "http", section: "daemon", index: 0, endpoint: "tcp://\(http)",
                    listens: true))
        }
        for (i, stream) in config.streams.enumerated() {
            switch stream.endpoint {
            case .bind(let a):
                out.append(
                    Socket(
                        owner: "stream[\(i)].bind", key: "bind", section: "stream", index: i, endpoint: a, listens: true
                    ))
            case .connect(let a):
                out.append(
                    Socket(
                        owner: "stream[\(i)].connect", key: "connect", section: "stream", index: i, endpoint: a,
                        listens: false))
            }
        }
        return out
    }

    /// Whether two ZeroMQ endpoints name one address: the same ipc path or inproc name, or tcp on the same port
    /// where the hosts are equal, both loopback names, or either a wildcard (`*`, `0.0.0.0`, `::`).
    static func overlap(_ a: String, _ b: String) -> Bool {
        guard let a = Address(a), let b = Address(b), a.scheme == b.scheme else { return false }
        guard a.scheme == "tcp" else { return a.rest == b.rest }
        guard a.port == b.port, a.port != nil else { return false }
        let wildcard: Set<String> = ["*", "0.0.0.0", "::"]
        let loopback: Set<String> = ["127.0.0.1", "localhost", "::1"]
        return a.host == b.host || wildcard.contains(a.host) || wildcard.contains(b.host)
            || (loopback.contains(a.host) && loopback.contains(b.host))
    }

    /// `scheme://rest`, with tcp's rest split into host and port.
    private struct Address {
        var scheme: String
        var rest: String
        var host = ""
        var port: String?

        init?(_ endpoint: String) {
            guard let range = endpoint.range(of: "://") else { return nil }
            scheme = String(endpoint[..<range.lowerBound])
            rest = String(endpoint[range.upperBound...])
            guard scheme == "tcp", let colon = rest.lastIndex(of: ":") else { return }
            var h = rest[..<colon]
            // A tcp connect may name a source: `tcp://source;host:port`.
            if let semicolon = h.lastIndex(of: ";") { h = h[h.index(after: semicolon)...] }
            if h.hasPrefix("["), h.hasSuffix("]") { h = h.dropFirst().dropLast() }
            host = h.lowercased()
            port = String(rest[rest.index(after: colon)...])
        }
    }
}
