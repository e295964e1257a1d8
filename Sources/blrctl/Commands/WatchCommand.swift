import ArgumentParser
import Decode
import Foundation
import ZeroMQ

/// `blrctl watch`: prints what a running daemon publishes — predictions, model versions, alerts — as it
/// arrives (docs/PROTOCOL.md §9, the command the demo runs).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print the daemon's predictions, models and alerts as they arrive.",
        discussion: """
            Subscribes to the daemon's publish endpoint (from --config, or --publish). Every message is one line; \
            with --summary N, pred/ and model/ are summarised per model every N seconds and alerts still print at \
            once. Alerts print as a sentence (what was found or went wrong); --json prints their header as JSON \
            instead. A gap in pubseq (messages this subscriber lost) is reported.
            """)

    @ParentCommand var root: Blrctl

    @Option(help: ArgumentHelp("The daemon's publish endpoint (overrides [daemon] publish).", valueName: "endpoint"))
    var publish: String?

    @Option(help: "Topic prefixes to show (repeatable; default: everything).")
    var topic: [String] = []

    @Option(help: "Summarise predictions and models every this many seconds (0: print every message).")
    var summary: Double = 0

    @Option(help: "Stop after this many seconds (0: run until interrupted).")
    var seconds: Double = 0

    @Flag(help: "Print alerts as their raw JSON header rather than as a sentence.")
    var json = false

    func run() throws {
        let endpoint = try publish ?? root.global.loadConfig()?.daemon.publish ?? "tcp://127.0.0.1:5556"
        let context = try Context()
        let socket = try Socket(context: context, type: .sub)
        defer {
            socket.close()
            context.terminate()
        }
        try socket.set(.linger, 0)
        try socket.set(.receiveTimeout, 200)
        if let curve = try root.global.curveKeys() { try socket.makeCurveClient(curve) }
        for prefix in topic.isEmpty ? [""] : topic { try socket.subscribe(prefix) }
        try socket.connect(endpoint)
        let start = Date()
        var lastSummary = Date()
        var latest: [String: String] = [:]
        var counts: [String: Int] = [:]
        var pubseq: [String: UInt64] = [:]
        while seconds == 0 || Date().timeIntervalSince(start) < seconds {
            if summary > 0, Date().timeIntervalSince(lastSummary) >= summary {
                for key in latest.keys.sorted() { Self.emit(latest[key]!) }
                if !latest.isEmpty { Self.emit("") }
                lastSummary = Date()
            }
            guard let frames = try socket.receive(), frames.count >= 2, let header = try? JSONValue.parse(frames[1])
            else { continue }
            let topicName = String(decoding: frames[0], as: UTF8.self)
            if let instance = header["instance"]?.stringValue, let seq = header["pubseq"]?.exactUInt64 {
                if let previous = pubseq[instance], seq != previous + 1 {
                    Self.emit("-- lost \(seq - previous - 1) messages")
                }
                pubseq[instance] = seq
            }
            let line = Self.describe(
                topicName, header, frames.dropFirst(2).map { Float64Frame.decode($0) ?? [] }, json: json)
            if summary > 0 && (topicName.hasPrefix("pred/") || topicName.hasPrefix("model/")) {
                counts[topicName, default: 0] += 1
                latest[topicName] = line + "  (\(counts[topicName]!) so far)"
            } else {
                Self.emit(line)
            }
        }
    }

    /// One line on stdout, unbuffered (watch is read live, often through a pipe).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// One line for a published message (alerts as a sentence, or as their JSON with `json`).
    static func describe(_ topic: String, _ header: JSONValue, _ arrays: [[Double]], json: Bool = false) -> String {
        func number(_ key: String) -> String {
            header[key].map { $0.exactUInt64.map(String.init) ?? $0.jsonText } ?? "-"
        }
        let head = topic.padding(toLength: max(28, topic.count), withPad: " ", startingAt: 0)
        if topic.hasPrefix("pred/") {
            var first = ""
            switch header["kind"]?.stringValue {
            case "gaussian", "poisson":
                if let m = arrays.first?.first, let v = arrays.dropFirst().first?.first {
                    first = String(format: "first %.3f ± %.3f", m, v.squareRoot())
                }
            default:
                if let p = arrays.first, let k = header["classes"]?.exactUInt64, p.count >= Int(k) {
                    first = "first p = " + p.prefix(Int(k)).map { String(format: "%.3f", $0) }.joined(separator: " ")
                }
            }
            return "\(head) seq \(number("seq"))  version \(number("version"))  n \(number("n"))  \(first)"
        }
        if topic.hasPrefix("model/") {
            let metrics = (header["metrics"]?.objectValue ?? [:]).filter { $0.key != "n" }.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.doubleValue.map { String(format: "%.4f", $0) } ?? "-")" }.joined(
                    separator: " ")
            return
                "\(head) seq \(number("seq"))  version \(number("version"))  durable \(number("durable_seq"))  \(metrics)"
        }
        if !json, let sentence = AlertLine.describe(topic, header) { return "\(head) \(sentence)" }
        var fields = header.objectValue ?? [:]
        fields["pubseq"] = nil
        fields["instance"] = nil
        return "\(head) \(JSONValue.object(fields).jsonText)"
    }
}
