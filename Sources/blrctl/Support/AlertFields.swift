import Decode
import Persist

/// A recorded alert's payload fields as the report shows them.
struct AlertFields {
    let alert: AlertRecord
    let payload: [String: JSONValue]

    init(_ alert: AlertRecord) {
        self.alert = alert
        payload = (try? JSONValue.parse(Array(alert.payloadJSON.utf8)))?.objectValue ?? [:]
    }

    var seq: String { alert.seq.map(String.init) ?? "-" }
    var version: String { alert.version.map(String.init) ?? "-" }
    func text(_ key: String) -> String? { payload[key]?.stringValue }
    func number(_ key: String) -> Double? { payload[key]?.doubleValue }

    /// The reported examples' ids (their batch index when the batch had none), comma-separated.
    var ids: String {
        guard let examples = payload["examples"]?.arrayValue, !examples.isEmpty else { return "-" }
        return examples.map { example -> String in
            let fields = example.objectValue ?? [:]
            if let id = fields["id"], id != .null { return id.stringValue ?? id.jsonText }
            return fields["index"].map { "#" + ($0.stringValue ?? $0.jsonText) } ?? "?"
        }.joined(separator: ", ")
    }

    /// One line for a marker's hover title.
    var line: String {
        switch alert.kind {
        case .drift:
            return "drift at seq \(seq): " + (DriftSentence.text(payload) ?? "")
        default:
            return "sensitivity at seq \(seq): " + (text("summary") ?? "ids \(ids)")
        }
    }
}
