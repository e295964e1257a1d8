import ServiceLifecycle

/// The control endpoint, closed on graceful shutdown (before ingest stops, so no change races the final
/// snapshots).
struct ControlService: Service {
    let control: ControlServer

    func run() async throws {
        await withGracefulShutdownHandler {
            await control.serve()
        } onGracefulShutdown: {
            control.stop()
        }
    }
}
