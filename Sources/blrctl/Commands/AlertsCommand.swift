import ArgumentParser
import Decode
import Foundation
import Persist
import Tabular
import Vocabulary

/// `blrctl alerts [--model M] [--stream S] [--kind K] [--since T] [--limit N]`: recorded alerts, oldest first.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List recorded alerts (drift, sensitivity, input, gap, persist), oldest first.",
        discussion: """
            drift, sensitivity and persist alerts are about a model (--model), input and gap alerts about a stream \
            (--stream); with both, either matches. --since takes ISO-8601 (2025-01-31T12:00:00Z, 2025-01-31) \
            or a time ago: 90s, 10m, 2h, 1d, 1w. --limit keeps the newest N that match.
            """)

    @ParentCommand var root: Blrctl

    @Option(help: "Alerts about this model.")
    var model: String?

    @Option(help: "Alerts about this stream.")
    var stream: String?

    @Option(help: "Only this kind: drift, sensitivity, input, gap or persist.")
    var kind: AlertKind?

    @Option(help: ArgumentHelp("Only alerts at or after this time.", valueName: "time"))
    var since: TimeSpec?

    @Option(help: "At most this many (the newest).")
    var limit = 100

    @Flag(help: "One JSON document: {\"alerts\": [...]}.")
    var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store = try root.global.openStore()
        let sinceDate = since?.resolve(Date())
        let subjects: [String?] = model == nil && stream == nil ? [nil] : [model, stream].filter { $0 != nil }
        var alerts: [AlertRecord] = []
        for subject in subjects {
            alerts += try store.alerts(kind: kind, subject: subject, since: sinceDate, limit: limit)
        }
        alerts.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        alerts = Array(alerts.suffix(limit))
        if json {
            Output.json(["alerts": .array(alerts.map(Self.json))])
            return
        }
        guard !alerts.isEmpty else {
            print("no alerts")
            return
        }
        var table = TextTable(["TIME", "KIND", "SUBJECT", "SEQ", "VERSION", "DETAILS"], rightAligned: [3, 4])
        for a in alerts {
            table.append([
                Format.time(a.createdAt), a.kind.rawValue, a.subject, a.seq.map(String.init) ?? "-",
                a.version.map(String.init) ?? "-", Self.details(a),
            ])
        }
        print(table.render())
    }

    static func payload(_ alert: AlertRecord) -> JSONValue {
        (try? JSONValue.parse(Array(alert.payloadJSON.utf8))) ?? .string(alert.payloadJSON)
    }

    static func json(_ a: AlertRecord) -> JSONValue {
        [
            "id": JSONValue(Int(a.id)), "kind": .string(a.kind.rawValue), "subject": .string(a.subject),
            "seq": a.seq.map { JSONValue($0) } ?? .null, "version": a.version.map { JSONValue($0) } ?? .null,
            "time": .string(Format.preciseTime(a.createdAt)), "payload": payload(a),
        ]
    }

    /// A one-line gist of the payload: drift statistic and action, the sensitivity finding's summary (the number
    /// of examples for alerts recorded before summaries), or the payload's fields.
    static func details(_ a: AlertRecord) -> String {
        let fields = payload(a).objectValue ?? [:]
        if a.kind == .sensitivity, let summary = fields["summary"]?.stringValue { return summary }
        if a.kind == .sensitivity, let examples = fields["examples"]?.arrayValue {
            return "\(examples.count) example\(examples.count == 1 ? "" : "s")"
        }
        if a.kind == .drift, let sentence = DriftSentence.text(fields, actionLabel: "") { return sentence }
        let text = fields.keys.sorted().map { key -> String in
            let value = fields[key]!
            return "\(key)=\(value.stringValue ?? value.jsonText)"
        }.joined(separator: " ")
        return text.count <= 100 ? text : String(text.prefix(99)) + "…"
    }
}
