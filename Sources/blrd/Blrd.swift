import ArgumentParser
import BuildInfo
import Daemon
import Foundation
import Logging

/// `blrd`: the continual-learning daemon. Thin: parse, configure logging, hand over to `DaemonRuntime`.
///
/// A synchronous `main` that blocks its own thread (never a thread of the cooperative pool) until the service
/// group ends: with an `async` main the main thread parks in libdispatch's `sigsuspend`, and valgrind 3.19's
/// callgrind and cachegrind crash there at start (measured here, on a five-line async program too), so the
/// daemon could not be profiled.
@main
struct Blrd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blrd",
        abstract: "Keeps models learning from ZeroMQ streams with the Bayesian learning rule.",
        discussion: """
            Runs in the foreground and logs to stderr. SIGTERM or SIGINT: stop ingest, finish the batch in \
            hand, write final snapshots, exit 0. Exit status 78 means the configuration or the stored state \
            cannot be used as they are (the message says why).
            """,
        version: "blrd \(BuildInfo.text)")

    @Option(help: "The TOML configuration.")
    var config = "config/blrd.toml"

    @Option(help: "Override [daemon] state: the SQLite file.")
    var state: String?

    @Option(help: "Override [daemon] log_level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String?

    @Option(
        help:
            "Log lines as text (for people) or json (one object per line). Under systemd (JOURNAL_STREAM) each line carries a priority journalctl -p can filter."
    )
    var logFormat: LogFormat = .text

    @Option(help: "Seconds over which a burst of rejected messages or alerts is summarised in one line per kind.")
    var logSummaryInterval = 10.0

    @Flag(help: "Check the configuration and exit.")
    var check = false

    @Flag(
        name: .customLong("init"),
        help:
            "Let an existing, empty state file become a new database (without it an empty file is refused: it is more often lost history than a first start)."
    )
    var initialise = false

    func run() throws {
        var daemonConfig: DaemonConfig
        var curve: CurveCredentials?
        do {
            daemonConfig = try ConfigParser.load(path: config)
            if check { curve = try daemonConfig.daemon.curve?.load() }
        } catch {
            // Before logging is set up; still an error priority under the journal.
            let prefix = DaemonLogging.journalPrefix(.error, environment: ProcessInfo.processInfo.environment)
            FileHandle.standardError.write(Data("\(prefix)blrd: \(error)\n".utf8))
            throw ExitCode(78)
        }
        if let state { daemonConfig.daemon.state = state }
        let levelName = logLevel ?? daemonConfig.daemon.logLevel
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ValidationError(
                "--log-level \(levelName) is not one of trace, debug, info, notice, warning, error, critical")
        }
        guard logSummaryInterval > 0, logSummaryInterval.isFinite else {
            throw ValidationError("--log-summary-interval must be a positive number of seconds")
        }
        let logging = DaemonLogging.bootstrap(
            level: level, format: logFormat, environment: ProcessInfo.processInfo.environment,
            summaryInterval: .milliseconds(Int64(logSummaryInterval * 1000)))
        // Every path out of run(), a thrown exit status included, writes what is queued first.
        defer { logging.flush() }
        let logger = Logger(label: "blrd")
        if check {
            let budget = try MemoryBudget.of(daemonConfig).get()
            let security = curve.map { "; \($0)" } ?? ""
            print(
                "\(config): OK (\(daemonConfig.streams.count) streams, \(daemonConfig.models.count) models; "
                    + "receive_hwm \(budget.receiveHighWaterMark), publish_hwm \(budget.publishHighWaterMark) for "
                    + "publications up to \(MemoryBudget.bytes(budget.largestPublication))\(security))")
            for model in daemonConfig.models {
                print("  model \(model.name) (\(model.rule)): \(ModelSize.of(model))")
            }
            return
        }
        do {
            let (config, initialise) = (daemonConfig, initialise)
            try Self.blocking {
                try await DaemonLauncher.run(
                    config: config, environment: ProcessInfo.processInfo.environment, logger: logger,
                    initialise: initialise)
            }
        } catch let error as StartupError {
            logger.critical("\(error)")
            throw ExitCode(78)
        } catch let error as ConfigError {
            logger.critical("\(error)")
            throw ExitCode(78)
        }
    }

    /// Runs `body` as a task and waits on this thread for it to end; rethrows its error.
    static func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Outcome()
        Task {
            do { try await body() } catch { outcome.error = error }
            outcome.done.signal()
        }
        outcome.done.wait()
        if let error = outcome.error { throw error }
    }

    /// The task's error, handed over by the semaphore (which orders the write before the read).
    private final class Outcome: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var error: Error?
    }
}

extension LogFormat: ExpressibleByArgument {}
