import Logging
import ServiceLifecycle

/// Talks to systemd (Type=notify): READY=1 once everything is bound and restored, WATCHDOG=1 at half of
/// WATCHDOG_USEC while every stream worker is alive (each goes round its loop at least once a second), a
/// STATUS line with the counts, and STOPPING=1 when shutdown begins. Last in the group, so first to stop.
struct SystemdService: Service {
    let notifier: SystemdNotifier
    let workers: [StreamWorker]
    let board: StatusBoard
    let logger: Logger

    func run() async throws {
        notifier.ready(status: statusLine())
        let interval = notifier.watchdogInterval ?? .seconds(5)
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                let stale = workers.filter { ContinuousClock.now - $0.lastHeartbeat > .seconds(10) }
                if stale.isEmpty {
                    if notifier.watchdogInterval != nil { notifier.watchdog() }
                } else {
                    logger.error(
                        "stream workers stuck; withholding the watchdog ping",
                        metadata: ["streams": "\(stale.map(\.name))"])
                }
                notifier.status(statusLine())
            }
        }
        notifier.stopping()
    }

    private func statusLine() -> String {
        let streams = board.allStreams
        let batches = streams.values.reduce(0) { $0 + $1.batches }
        let rejected = streams.values.reduce(0) { $0 + $1.rejected }
        return "\(streams.count) streams, \(board.allModels.count) models, \(batches) batches, \(rejected) rejected"
    }
}
