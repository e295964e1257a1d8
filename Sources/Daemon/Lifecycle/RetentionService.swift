import Foundation
import Logging
import Persist
import ServiceLifecycle

/// `[daemon] keep_alerts_for` and `keep_dead_letters_for`: deletes older alerts and dead letters at start and
/// then every `interval`. Counts are bounded where the rows are written (`keep_alerts`, `dead_letter_limit`, in
/// the insert's transaction); ages need a clock, so they are swept here, off the streams' threads.
struct RetentionService: Service {
    let store: StateStore
    let alertsFor: Double?
    let deadLettersFor: Double?
    var interval: Duration = .seconds(60)
    let logger: Logger

    /// Added to the group only when an age is set: a service that returns ends the whole group.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                sweep()
                try await Task.sleep(for: interval)
            }
        }
    }

    func sweep() {
        let now = Date()
        do {
            let deleted = try store.expire(
                alertsBefore: alertsFor.map { now.addingTimeInterval(-$0) },
                deadLettersBefore: deadLettersFor.map { now.addingTimeInterval(-$0) })
            if deleted.alerts + deleted.deadLetters > 0 {
                logger.info(
                    "expired alerts and dead letters",
                    metadata: ["alerts": "\(deleted.alerts)", "dead_letters": "\(deleted.deadLetters)"])
            }
        } catch {
            logger.warning("expiring alerts and dead letters failed", metadata: ["error": "\(error)"])
        }
    }
}
