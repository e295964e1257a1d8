import Foundation
import Logging

/// blrd's swift-log handler: renders records as `LogLine`s (text or JSON, journald priorities under systemd),
/// summarises bursts (`LogSummary`) and writes through `LogWriter`, so logging never blocks a stream thread.
struct DaemonLogHandler: LogHandler {
    let label: String
    let line: LogLine
    let writer: LogWriter
    let summary: LogSummary?
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let message = event.message.description
        if let summary, !summary.admit(level: event.level, label: label, message: message, metadata: all) { return }
        writer.enqueue(line.render(level: event.level, label: label, message: message, metadata: all))
    }
}

/// Sets up blrd's logging once per process; `flush()` before exit writes what is queued.
public final class DaemonLogging: Sendable {
    let writer: LogWriter
    let summary: LogSummary

    /// - Parameter summaryInterval: the length of a summarised burst's interval (`--log-summary-interval`).
    public static func bootstrap(
        level: Logger.Level, format: LogFormat, environment: [String: String], summaryInterval: Duration = .seconds(10)
    ) -> DaemonLogging {
        let logging = DaemonLogging(
            format: format, journal: JournalStream.isStderr(environment: environment), summaryInterval: summaryInterval)
        LoggingSystem.bootstrap { label in
            DaemonLogHandler(
                label: label, line: logging.line, writer: logging.writer, summary: logging.summary, logLevel: level)
        }
        logging.summary.startTicking()
        return logging
    }

    let line: LogLine

    init(format: LogFormat, journal: Bool, summaryInterval: Duration, fd: Int32 = 2, capacity: Int = 10_000) {
        let line = LogLine(format: format, journal: journal)
        let writer = LogWriter(fd: fd, capacity: capacity) { dropped in
            line.render(
                level: .warning, label: "blrd", message: "log lines dropped: stderr did not take them fast enough",
                metadata: ["count": .stringConvertible(dropped)])
        }
        self.line = line
        self.writer = writer
        summary = LogSummary(interval: summaryInterval) { level, label, message, metadata in
            writer.enqueue(line.render(level: level, label: label, message: message, metadata: metadata))
        }
    }

    /// `<N>` for a line written straight to stderr (before `bootstrap`) when stderr is the journal, else "".
    public static func journalPrefix(_ level: Logger.Level, environment: [String: String]) -> String {
        JournalStream.isStderr(environment: environment) ? "<\(JournalStream.priority(level))>" : ""
    }

    /// Writes the pending summaries and every queued line (before exit).
    public func flush() {
        summary.flush(force: true)
        writer.flush()
    }
}
