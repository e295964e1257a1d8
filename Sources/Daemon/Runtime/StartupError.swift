/// Why the daemon will not start with this configuration and state (exit status 78, EX_CONFIG, which the unit
/// file lists in RestartPreventExitStatus: restarting cannot fix it).
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
