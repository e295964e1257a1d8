/// Whether the daemon is ready for traffic (`/readyz`): every configured model restored onto the status board
/// and every configured stream subscribed. Pure, so the state machine is tested without a process.
struct Readiness: Sendable, Equatable {
    /// Configured models not yet restored, and streams not yet subscribed.
    var missingModels: [String]
    var missingStreams: [String]

    init(models: [String], restored: some Collection<String>, streams: [String], subscribed: Set<String>) {
        let restored = Set(restored)
        missingModels = models.filter { !restored.contains($0) }.sorted()
        missingStreams = streams.filter { !subscribed.contains($0) }.sorted()
    }

    var isReady: Bool { missingModels.isEmpty && missingStreams.isEmpty }

    /// The body of `/readyz`: "ready", or what is still missing.
    var text: String {
        guard !isReady else { return "ready\n" }
        var parts: [String] = []
        if !missingModels.isEmpty { parts.append("models not restored: \(missingModels.joined(separator: ", "))") }
        if !missingStreams.isEmpty { parts.append("streams not subscribed: \(missingStreams.joined(separator: ", "))") }
        return "not ready: " + parts.joined(separator: "; ") + "\n"
    }
}

extension Readiness {
    /// The daemon's readiness as the status board shows it now: models appear on it as they are restored,
    /// streams once their socket has subscribed.
    init(config: DaemonConfig, board: StatusBoard) {
        self.init(
            models: config.models.map(\.name), restored: board.allModels.keys, streams: config.streams.map(\.name),
            subscribed: board.subscribedStreams)
    }
}
