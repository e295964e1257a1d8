import Foundation
import Logging
import Persist
import ServiceLifecycle

/// The stream workers. On graceful shutdown each stops consuming after the message in hand and writes its
/// final snapshots; then the store checkpoints its write-ahead log.
struct IngestService: Service {
    let workers: [StreamWorker]
    let store: StateStore
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let workers = self.workers
        let timeout = self.timeout
        let stopped: [String] = await withCheckedContinuation { continuation in
            // Joining threads blocks: do it off the cooperative pool.
            Thread.detachNewThread {
                continuation.resume(returning: workers.filter { !$0.stop(timeout: timeout) }.map(\.name))
            }
        }
        if !stopped.isEmpty {
            logger.error("streams did not stop in time; their last batches may be replayed", metadata: ["streams": "\(stopped)"])
        }
        do { try store.checkpoint() } catch { logger.warning("checkpoint failed", metadata: ["error": "\(error)"]) }
        let unsaved = workers.filter { $0.finalSnapshots.current == false }.map(\.name)
        if !unsaved.isEmpty { throw FinalSnapshotError(streams: unsaved) }
    }
}

/// A final snapshot at shutdown did not commit: the daemon exits non-zero, so an operator (or systemd's
/// `ExecStopPost`) sees it. With the journal on nothing is lost — a restart replays it — but the state file
/// needs attention.
struct FinalSnapshotError: Error, CustomStringConvertible {
    let streams: [String]

    var description: String {
        "the final snapshots of stream(s) \(streams.joined(separator: ", ")) failed (see the log and alert/persist/); "
            + "a restart replays the journal, if it is on, from the last snapshot that committed"
    }
}
