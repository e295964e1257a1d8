import Foundation
import Logging

/// Turns bursts of per-message log lines into one line per kind per interval (issue 11): a flood of rejected
/// messages used to write one warning each, which buried everything else and, with a stderr nobody read,
/// stalled the stream that logged.
///
/// A kind is a summarised message (`kinds`) at one level about one stream or model. The first of a kind is
/// written at once, in full; the ones that follow within `interval` of the last line of that kind are
/// counted, and one line says how many there were and, by `code`, of what — so a steady flood gives one line
/// per interval, and a single event is seen without delay.
final class LogSummary: Sendable {
    /// The messages that are summarised: those logged once per message or per batch.
    static let kinds: Set<String> = [
        "message rejected", "drift detected", "prediction failed", "update refused", "could not record an alert",
        "could not record a rejected message",
    ]

    struct Kind: Hashable {
        var message: String
        var level: Logger.Level
        var label: String
        var stream: String?
        var model: String?
    }

    struct Tally {
        var lastWritten: ContinuousClock.Instant
        var count = 0
        var codes: [String: Int] = [:]
        var firstSeq: String?
        var lastSeq: String?
    }

    let interval: Duration
    private let tallies = Locked<[Kind: Tally]>([:])
    private let emit: @Sendable (Logger.Level, String, String, Logger.Metadata) -> Void

    /// - Parameter emit: writes a line (level, label, message, metadata).
    init(interval: Duration, emit: @escaping @Sendable (Logger.Level, String, String, Logger.Metadata) -> Void) {
        self.interval = interval
        self.emit = emit
    }

    /// Whether the record should be written now; if not, it has been counted.
    func admit(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> Bool {
        guard Self.kinds.contains(message) else { return true }
        let kind = Kind(
            message: message, level: level, label: label, stream: metadata["blrd.stream"]?.description,
            model: metadata["blrd.model"]?.description)
        let now = ContinuousClock.now
        return tallies.withLock { all in
            guard var tally = all[kind], now - tally.lastWritten < interval || tally.count > 0 else {
                all[kind] = Tally(lastWritten: now)
                return true
            }
            tally.count += 1
            if let code = metadata["code"]?.description { tally.codes[code, default: 0] += 1 }
            // "-": a message whose header had no readable seq.
            let seq = metadata["blrd.seq"]?.description.nilIfDash
            if tally.firstSeq == nil { tally.firstSeq = seq }
            tally.lastSeq = seq ?? tally.lastSeq
            all[kind] = tally
            return false
        }
    }

    /// Writes one summary line for every kind whose interval has ended with records counted (`force`: all of
    /// them, at shutdown). Called by the ticker.
    func flush(force: Bool = false) {
        let now = ContinuousClock.now
        let due = tallies.withLock { all -> [(Kind, Tally)] in
            var due: [(Kind, Tally)] = []
            for (kind, tally) in all where tally.count > 0 && (force || now - tally.lastWritten >= interval) {
                due.append((kind, tally))
                all[kind] = Tally(lastWritten: now)
            }
            return due
        }
        for (kind, tally) in due {
            var metadata: Logger.Metadata = [
                "count": .stringConvertible(tally.count), "summary": .stringConvertible(true),
            ]
            if let stream = kind.stream { metadata["blrd.stream"] = .string(stream) }
            if let model = kind.model { metadata["blrd.model"] = .string(model) }
            if !tally.codes.isEmpty {
                metadata["codes"] = .dictionary(tally.codes.mapValues { .stringConvertible($0) })
            }
            if let first = tally.firstSeq, let last = tally.lastSeq { metadata["seqs"] = .string("\(first)…\(last)") }
            let elapsed = now - tally.lastWritten
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let text = seconds >= 10 ? "\(Int(seconds.rounded()))" : "\((seconds * 10).rounded() / 10)"
            emit(kind.level, kind.label, "\(kind.message): \(tally.count) more in the last \(text) s", metadata)
        }
    }

    /// Flushes due summaries every `tick` on a thread of its own, for the life of the process.
    func startTicking(every tick: Duration = .milliseconds(250)) {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(
                    forTimeInterval: Double(tick.components.attoseconds) * 1e-18 + Double(tick.components.seconds))
                flush()
            }
        }
        thread.name = "blrd-log-summary"
        thread.start()
    }
}

extension String {
    fileprivate var nilIfDash: String? { self == "-" ? nil : self }
}
