/// Whether a ZeroMQ endpoint the daemon binds is reachable only from this machine: `ipc://` and `inproc://`,
/// or `tcp://` on a loopback host (127.0.0.0/8, `::1`, `localhost`). Everything else — `*`, `0.0.0.0`, an
/// interface name, another address — may be reachable from the network.
///
/// The control socket resets and restores models, so without CURVE it may bind only a local endpoint unless
/// `allow_remote_control = true` (the idea of Redis's protected mode).
enum LocalEndpoint {
    static func isLocal(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = endpoint.dropFirst("tcp://".count)
        guard let colon = host.lastIndex(of: ":") else { return false }
        host = host[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
