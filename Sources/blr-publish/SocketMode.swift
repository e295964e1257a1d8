import ArgumentParser

/// Whether the XPUB socket connects to the daemon's bound SUB (`--connect`, the default) or binds and lets the
/// daemon's SUB connect (`--bind`).
enum SocketMode: String, CaseIterable, EnumerableFlag {
    /// `zmq_connect` to the endpoint: the daemon's stream has `bind = …`.
    case connect
    /// `zmq_bind` at the endpoint: the daemon's stream has `connect = …`.
    case bind

    static func help(for value: SocketMode) -> ArgumentHelp? {
        switch value {
        case .connect: "Connect to the endpoint, where the daemon's stream binds."
        case .bind: "Bind the endpoint and let the daemon's stream connect."
        }
    }

    /// "connect to" / "bind", for the start line.
    var phrase: String {
        switch self {
        case .connect: "connecting to"
        case .bind: "bound at"
        }
    }
}
