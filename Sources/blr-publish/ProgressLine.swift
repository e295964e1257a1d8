import Foundation

/// The progress of a run: a line redrawn in place on a terminal (at most four times a second, unless `--quiet`),
/// and the summary line printed at the end whatever the output is.
struct ProgressLine {
    /// Whether to draw the live line.
    let isLive: Bool
    /// The messages the run will send, for `12/157`.
    let totalMessages: Int
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant?
    private var end: ContinuousClock.Instant?
    private var lastDrawn: ContinuousClock.Instant?
    private(set) var messages = 0
    private(set) var examples = 0

    /// Shortest time between two redraws.
    static let refresh = Duration.milliseconds(250)

    init(isLive: Bool, totalMessages: Int) {
        self.isLive = isLive
        self.totalMessages = totalMessages
    }

    /// Starts the clock: call just before the first message is sent.
    mutating func begin() {
        if start == nil { start = clock.now }
    }

    /// Counts a sent message of `rows` examples and redraws the live line when it is due.
    mutating func sent(rows: Int) {
        messages += 1
        examples += rows
        let now = clock.now
        end = now
        guard isLive else { return }
        if let lastDrawn, now - lastDrawn < Self.refresh, messages < totalMessages { return }
        lastDrawn = now
        Console.outRaw("\r\u{1B}[K" + status)
    }

    /// Seconds from the first send to the last.
    var elapsed: Double {
        guard let start, let end else { return 0 }
        let (seconds, attoseconds) = (end - start).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Examples per second so far (0 before a second message).
    var examplesPerSecond: Double {
        elapsed > 0 ? Double(examples) / elapsed : 0
    }

    /// `sent 12/157 messages (768 examples), 5120 examples/s, 0.2 s` (the rate once a tenth of a second has
    /// passed: over a message or two it means nothing).
    private var status: String {
        let rate = elapsed >= 0.1 ? Self.format(examplesPerSecond, digits: 0) : "–"
        return "sent \(messages)/\(totalMessages) messages (\(examples) examples), \(rate) examples/s, "
            + "\(Self.format(elapsed, digits: 1)) s"
    }

    /// Ends the live line and prints `sent N messages (M examples) in T s, R examples/s`.
    func finish() {
        if isLive && lastDrawn != nil { Console.outRaw("\r\u{1B}[K") }
        Console.out(
            "sent \(messages) messages (\(examples) examples) in \(Self.format(elapsed, digits: 2)) s, "
                + "\(Self.format(examplesPerSecond, digits: 0)) examples/s")
    }

    /// `value` with `digits` decimals.
    static func format(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value.isFinite ? value : 0)
    }
}
