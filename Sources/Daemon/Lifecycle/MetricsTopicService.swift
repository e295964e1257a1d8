import Decode
import ServiceLifecycle

/// `[daemon] metrics_interval`: every so many seconds, one `metrics/<model>` message per model with its scores
/// (cumulative and rolling) and counts, read from the status board — so a subscriber can chart a model without
/// polling the control socket or scraping HTTP.
struct MetricsTopicService: Service {
    let interval: Duration
    let board: StatusBoard
    let publisher: Publisher

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                publishAll()
            }
        }
    }

    /// One message per model, in name order.
    func publishAll() {
        for (name, m) in board.allModels.sorted(by: { $0.key < $1.key }) {
            let position = m.session.position
            let message = OutboundEncoder.metricsMessage(
                model: name, stream: m.stream, version: m.version, seq: position?.seq, epoch: position?.epoch,
                metrics: m.session.metricsSummary, windows: m.session.rollingSummaries,
                counts: [
                    "updates": m.counters.updates, "drift_alarms": m.counters.driftAlarms,
                    "sensitivity_alerts": m.counters.sensitivityAlerts,
                ])
            publisher.publish { message.frames(pubseq: $0, instance: $1) }
        }
    }
}
