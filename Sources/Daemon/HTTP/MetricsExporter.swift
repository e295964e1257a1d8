import Foundation
import Inference
import Prometheus

/// Renders `/metrics`: on each scrape it reads the status board (the counters the pipelines already keep) into a
/// swift-prometheus registry and emits the text format. The pipelines never touch the registry, so the hot path
/// pays nothing for it; counters advance by the difference since the previous scrape.
final class MetricsExporter: Sendable {
    private let board: StatusBoard
    private let registry = PrometheusCollectorRegistry()
    private let started = ContinuousClock.now
    /// The board's value of each counter at the previous scrape, by name and labels.
    private let seen = Locked<[String: Int]>([:])

    init(board: StatusBoard) {
        self.board = board
    }

    /// The Prometheus text exposition of the board as it is now.
    func scrape() -> [UInt8] {
        for (name, s) in board.allStreams {
            let stream = [("stream", name)]
            count("blrd_stream_messages_total", stream, s.batches, "Messages accepted on the stream")
            count("blrd_stream_gaps_total", stream, s.gaps, "Forward jumps of seq within an epoch")
            count("blrd_stream_bytes_total", stream, s.bytes, "Bytes of the messages addressed to the stream")
            for (code, n) in s.rejectedByCode {
                count("blrd_stream_rejected_total", stream + [("code", code)], n, "Messages rejected, by code")
            }
        }
        for (name, m) in board.allModels {
            let model = [("model", name)]
            count("blrd_model_updates_total", model, m.counters.updates, "Batches the model learned from")
            count("blrd_model_drift_alarms_total", model, m.counters.driftAlarms, "Drift alerts published")
            count(
                "blrd_model_sensitivity_alerts_total", model, m.counters.sensitivityAlerts,
                "Sensitivity alerts published")
            gauge("blrd_model_version", model, Double(m.version), "Version of the model's posterior")
            if let p = m.session.learner.drift.beam?.changeProbability {
                gauge("blrd_model_change_probability", model, p, "P(a change since the last confirmed one), bocpd")
            }
            if let seq = m.durableSeq {
                gauge("blrd_model_durable_seq", model, Double(seq), "Newest seq a restart restores")
            }
            scores(m.session.metrics, model: name, window: "all")
            for (w, limit) in m.session.rolling.limits.enumerated() {
                scores(m.session.rolling.window(w), model: name, window: "\(limit / 1000)k")
            }
        }
        gauge("blrd_process_uptime_seconds", [], uptime, "Seconds since the daemon started")
        if let rss = ProcessStats.residentBytes {
            gauge("blrd_process_resident_bytes", [], Double(rss), "Resident set size")
        }
        if let fds = ProcessStats.openDescriptors {
            gauge("blrd_process_open_fds", [], Double(fds), "Open file descriptors")
        }
        return registry.emitToBuffer() + Array(histograms().utf8)
    }

    /// `blrd_update_seconds` and `blrd_snapshot_seconds`, written here: the registry's histograms take
    /// observations one at a time, and the board holds them already bucketed.
    private func histograms() -> String {
        var lines: [String] = []
        let models = board.allModels
        if !models.isEmpty {
            lines.append("# HELP blrd_update_seconds Seconds to predict, score and learn one labelled batch")
            lines.append("# TYPE blrd_update_seconds histogram")
            for (name, m) in models.sorted(by: { $0.key < $1.key }) {
                let labels = "model=\"\(Self.escape(name))\""
                lines += m.counters.updateSeconds.lines(name: "blrd_update_seconds", labels: labels)
            }
        }
        let snapshots = board.snapshotSeconds
        if !snapshots.isEmpty {
            lines.append("# HELP blrd_snapshot_seconds Seconds to encode and commit one snapshot")
            lines.append("# TYPE blrd_snapshot_seconds histogram")
            for (name, h) in snapshots.sorted(by: { $0.key < $1.key }) {
                lines += h.lines(name: "blrd_snapshot_seconds", labels: "model=\"\(Self.escape(name))\"")
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// A label value in the text format: backslash, double quote and newline escaped.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// The prequential scores of one window as gauges labelled `model` and `window`.
    private func scores(_ metrics: PrequentialMetrics, model: String, window: String) {
        let labels = [("model", model), ("window", window)]
        let named: [(String, Double?, String)] = [
            ("blrd_model_log_loss", metrics.logLoss, "Prequential log-loss, nats"),
            ("blrd_model_accuracy", metrics.accuracy, "Prequential accuracy"),
            ("blrd_model_ece", metrics.ece, "Prequential expected calibration error, 15 bins"),
            ("blrd_model_rmse", metrics.rmse, "Prequential root mean squared error"),
            ("blrd_model_nll", metrics.nll, "Prequential negative log-likelihood, nats"),
        ]
        for (name, value, help) in named { if let value { gauge(name, labels, value, help) } }
        gauge("blrd_model_examples", labels, Double(metrics.count), "Labelled examples scored")
    }

    private var uptime: Double {
        let d = ContinuousClock.now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private func gauge(_ name: String, _ labels: [(String, String)], _ value: Double, _ help: String) {
        registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels).set(value)
    }

    /// Advances the counter `name{labels}` to the board's `value`.
    private func count(_ name: String, _ labels: [(String, String)], _ value: Int, _ help: String) {
        let key = name + labels.map { "\u{1}\($0.0)=\($0.1)" }.joined()
        let delta = seen.withLock { seen -> Int in
            defer { seen[key] = value }
            return value - seen[key, default: 0]
        }
        let counter = registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
        if delta > 0 { counter.increment(by: Int64(delta)) }
    }

    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
