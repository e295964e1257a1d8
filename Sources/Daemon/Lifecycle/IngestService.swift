import Foundation
import Logging
import Persist
import ServiceLifecycle

/// The stream workers. Runs until graceful shutdown or until a stream thread fails; then each worker stops
/// consuming after the message in hand and writes its final snapshots, and the store checkpoints its write-ahead
/// log. A failed stream thread ends the service with ``StreamThreadError``, which ends the service group and
/// makes the daemon exit non-zero: a daemon that no longer reads a stream must not look healthy.
struct IngestService: Service {
    let workers: [StreamWorker]
    let store: StateStore
    let timeout: Duration
    let logger: Logger

    private enum Ending: Sendable {
        case shutdown
        case failed(stream: String, reason: String)
        case workerEnded
    }

    func run() async throws {
        let failure = await firstEnding()
        let workers = self.workers
        let timeout = self.timeout
        let stopped: [String] = await withCheckedContinuation { continuation in
            // Joining threads blocks: do it off the cooperative pool.
            Thread.detachNewThread {
                continuation.resume(returning: workers.filter { !$0.stop(timeout: timeout) }.map(\.name))
            }
        }
        if !stopped.isEmpty {
            logger.error(
                "streams did not stop in time; their last batches may be replayed", metadata: ["streams": "\(stopped)"])
        }
        do { try store.checkpoint() } catch { logger.warning("checkpoint failed", metadata: ["error": "\(error)"]) }
        if let failure { throw failure }
        let unsaved = workers.filter { $0.finalSnapshots.current == false }.map(\.name)
        if !unsaved.isEmpty { throw FinalSnapshotError(streams: unsaved) }
    }

    /// Waits for graceful shutdown (nil) or the first failed stream thread (its error).
    private func firstEnding() async -> StreamThreadError? {
        await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                try? await gracefulShutdown()
                return .shutdown
            }
            for worker in workers {
                group.addTask {
                    for await reason in worker.ended { return .failed(stream: worker.name, reason: reason) }
                    return .workerEnded
                }
            }
            defer { group.cancelAll() }
            while let ending = await group.next() {
                switch ending {
                case .shutdown: return nil
                case .failed(let stream, let reason): return StreamThreadError(stream: stream, reason: reason)
                case .workerEnded: continue
                }
            }
            return nil
        }
    }
}

/// A stream's thread failed: the daemon stops (non-zero exit) rather than keep running without the stream.
struct StreamThreadError: Error, CustomStringConvertible {
    let stream: String
    let reason: String

    var description: String {
        "stream thread failed: stream '\(stream)' stopped reading (\(reason)); the daemon stopped, a restart resumes "
            + "from the journal and the newest snapshots"
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
