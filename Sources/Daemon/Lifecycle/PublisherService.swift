import ServiceLifecycle

/// Keeps the PUB socket until every other service has stopped (it is first in the group, so last to stop),
/// then flushes and closes it.
struct PublisherService: Service {
    let publisher: Publisher

    func run() async throws {
        try? await gracefulShutdown()
        await publisher.stop()
    }
}
