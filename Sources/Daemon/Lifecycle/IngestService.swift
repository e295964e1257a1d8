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
    }
}
