import Foundation
import Logging
import ServiceLifecycle

/// Starts blrd with its HTTP endpoint listening from the first moment, so `/readyz` can say 503 while models
/// are restored and journals replayed (issue 11) instead of refusing connections until the daemon is ready —
/// a probe cannot tell a refused connection from a dead daemon. `/healthz` answers 200 and `/metrics` serves
/// what the status board holds so far.
///
/// The restore runs on a thread of its own (it blocks on SQLite and on replaying the journal, which must not
/// hold a thread of the cooperative pool the HTTP server's handlers run on); the HTTP server, already running,
/// then joins the daemon's services in its usual place, so it stops in the usual order and a failure of it
/// still ends the daemon.
public enum DaemonLauncher {
    public static func run(
        config: DaemonConfig, environment: [String: String], logger: Logger, initialise: Bool = false
    ) async throws {
        let board = StatusBoard()
        let http: Task<Void, Error>? = config.daemon.http.map { address in
            let service = HTTPService(
                address: address, exporter: MetricsExporter(board: board),
                readiness: { Readiness(config: config, board: board) }, logger: logger)
            return Task { try await service.run() }
        }
        let runtime: DaemonRuntime
        do {
            runtime = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result {
                            try DaemonRuntime(
                                config: config, environment: environment, logger: logger, initialise: initialise,
                                board: board, runningHTTP: http.map { RunningService(task: $0) })
                        })
                }
            }
        } catch {
            http?.cancel()
            throw error
        }
        try await runtime.run()
    }
}

/// A service started before its group: the group waits for it, and ends it (by cancelling its task) on
/// graceful shutdown; its failure fails the group like any service's.
struct RunningService: Service {
    let task: Task<Void, Error>

    func run() async throws {
        let task = self.task
        try await cancelWhenGracefulShutdown {
            try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
        }
    }
}
