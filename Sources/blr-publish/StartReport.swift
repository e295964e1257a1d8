/// The lines `blr-publish` prints before it sends: what the stream is (source, n, d, task — what a blrd
/// `[[stream]]` needs), how it goes on the wire, and for drifting synthetic streams where the concept changes,
/// as example indices and the seqs of the messages that carry them.
struct StartReport {
    /// How the examples become messages.
    let plan: MessagePlan
    /// Where the examples come from.
    let source: any ExampleSource
    /// Drift points of a synthetic drift kind (nil for stationary streams and files).
    let driftPoints: [Int]?
    /// The gradual drift width, for gradual streams.
    let gradualWidth: Int?
    /// The first drift point of the generator, for saying why none fall inside a short stream.
    let firstDrift: Int?
    /// The `--endpoint`, as given.
    let endpoint: String
    /// Whether the socket connects or binds there.
    let mode: SocketMode

    /// The lines, in order: the stream, the messages, then the drift points when there are any.
    var lines: [String] {
        [streamLine, messagesLine] + (driftLine.map { [$0] } ?? [])
    }

    /// `stream "sea": synthetic abrupt (…, seed 1); n 10000, d 8, task regression` — what a `[[stream]]` needs.
    var streamLine: String {
        let task = source.classes.map { "\(source.task.rawValue) (\($0) classes)" } ?? source.task.rawValue
        let epochs = plan.epochs > 1 ? " × \(plan.epochs) epochs" : ""
        return "stream \"\(plan.stream)\": \(source.summary); n \(source.count)\(epochs), d \(source.features), "
            + "task \(task)"
    }

    /// `157 messages of up to 64 examples, seq 0–156 (binary frames, x <f8, y <f8), connecting to tcp://…`.
    var messagesLine: String {
        let last = plan.seq(ofMessage: max(0, plan.totalMessages - 1))
        var extras: [String] = []
        if let epoch = plan.epoch { extras.append("epoch \(epoch)") }
        if let every = plan.unlabelledEvery {
            extras.append(every == 1 ? "all unlabelled" : "every \(ordinal(every)) unlabelled")
        }
        if plan.includeIDs { extras.append("ids") }
        if plan.includeTimestamps { extras.append("ts") }
        let extra = extras.isEmpty ? "" : ", " + extras.joined(separator: ", ")
        return "\(plan.totalMessages) messages of up to \(plan.batchSize) examples, seq \(plan.startSeq)–\(last)"
            + "\(extra) (\(plan.encodingSummary)), \(mode.phrase) \(endpoint)"
    }

    /// `drift at example 5000 (seq 78), 10000 (seq 156)`, with the gradual width and the per-epoch shift.
    var driftLine: String? {
        guard let driftPoints else { return nil }
        guard !driftPoints.isEmpty else {
            let first = firstDrift.map { " (the first is at example \($0); lower --every)" } ?? ""
            return "drift: none within the \(source.count) examples\(first)"
        }
        let points = driftPoints.map { "\($0) (seq \(plan.seq(ofExample: $0)))" }
        var line = "drift at example\(driftPoints.count == 1 ? "" : "s") " + points.joined(separator: ", ")
        if let gradualWidth {
            line += "; each a gradual change over the \(gradualWidth) examples centred on it"
        }
        if plan.epochs > 1 {
            line += "; each epoch repeats them \(plan.messagesPerEpoch) seqs later"
        }
        return line
    }

    /// `2nd`, `3rd`, `4th`, `11th`, `21st`.
    private func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }
}
