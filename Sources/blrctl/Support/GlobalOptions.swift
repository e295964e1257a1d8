import ArgumentParser
import ToolOptions
import Daemon
import Foundation
import Persist
import ZeroMQ

/// The options every subcommand shares: where the state file and the control socket are.
struct GlobalOptions: ParsableArguments {
    /// The configuration read when `--config` is not given and the file exists.
    static let defaultConfig = "config/blrd.toml"

    @Option(
        help: ArgumentHelp(
            "The daemon's TOML configuration; its [daemon] state and control are used.",
            discussion: "Default: config/blrd.toml when it exists.", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("The SQLite state file (overrides [daemon] state).", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("The daemon's control endpoint (overrides [daemon] control).", valueName: "endpoint"))
    var control: String?

    @Option(help: ArgumentHelp("Seconds to wait for the daemon's control reply.", valueName: "seconds"))
    var timeout: Double = 3

    @OptionGroup var curve: CurveClientOptions

    func validate() throws {
        guard timeout > 0, timeout.isFinite, timeout <= 3600 else {
            throw ValidationError("--timeout must be a number of seconds in (0, 3600], got \(timeout)")
        }
    }

    /// The configuration named by `--config`, else `config/blrd.toml` when it exists, else nil.
    func loadConfig() throws -> DaemonConfig? {
        if let config { return try ConfigParser.load(path: config) }
        guard FileManager.default.fileExists(atPath: Self.defaultConfig) else { return nil }
        return try ConfigParser.load(path: Self.defaultConfig)
    }

    /// `--db`, else the configuration's `[daemon] state`, else the documented default.
    func statePath() throws -> String {
        if let db { return db }
        return try loadConfig()?.daemon.state ?? DaemonConfig.Daemon().state
    }

    /// `--control`, else the configuration's `[daemon] control`, else the documented default.
    func controlEndpoint() throws -> String {
        if let control { return control }
        return try loadConfig()?.daemon.control ?? DaemonConfig.Daemon().control
    }

    /// The state file opened read-only (works while the daemon writes it).
    func openStore() throws -> StateStore {
        try StateStore(readOnlyPath: statePath())
    }

    /// The state file opened for writing; refuses to create a missing file (a typo would otherwise make an
    /// empty database that the daemon never reads).
    func openWritableStore() throws -> StateStore {
        let path = try statePath()
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.databaseNotFound(path: path) }
        return try StateStore(path: path)
    }

    /// The CURVE keys of `--curve-server-key` and `--curve-secret-key`, nil without them.
    func curveKeys() throws -> CurveClientKeys? {
        do {
            return try curve.keys()
        } catch {
            throw CtlError("\(error)")
        }
    }

    /// A client of the daemon's control socket.
    func controlClient() throws -> ControlClient {
        ControlClient(endpoint: try controlEndpoint(), timeout: timeout, curve: try curveKeys())
    }
}
