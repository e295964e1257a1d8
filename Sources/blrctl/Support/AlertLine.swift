import Decode

/// One readable line for a published alert (`blrctl watch`): what happened, in words, from the header's fields.
/// Unknown kinds and headers that lack the expected fields fall back on the header's JSON.
enum AlertLine {
    /// The text after the topic, or nil when `topic` is not an alert.
    static func describe(_ topic: String, _ header: JSONValue) -> String? {
        guard topic.hasPrefix("alert/") else { return nil }
        let kind = topic.dropFirst("alert/".count).prefix { $0 != "/" }
        let f = header.objectValue ?? [:]
        func text(_ key: String) -> String? { f[key]?.stringValue }
        func integer(_ key: String) -> String? { f[key].flatMap { $0.exactUInt64.map(String.init) } }
        let seq = integer("seq").map { "seq \($0)  " } ?? ""
        switch kind {
        case "sensitivity":
            if let summary = text("summary") { return seq + summary }
            if let examples = f["examples"]?.arrayValue {
                return seq + "\(examples.count) sensitive example\(examples.count == 1 ? "" : "s")"
            }
        case "drift":
            if let sentence = DriftSentence.text(f) { return seq + "drift detected: " + sentence }
        case "input":
            if let reason = text("reason") {
                let seqText = integer("seq").map { "seq \($0)" } ?? "a message"
                return "\(seqText) rejected" + (text("code").map { " (\($0))" } ?? "") + ": \(reason)"
            }
        case "gap":
            if let expected = f["expected"]?.exactUInt64, let got = f["got"]?.exactUInt64 {
                let missing = got > expected ? " (\(got - expected) missing)" : ""
                return "expected seq \(expected), got \(got)\(missing)"
                    + (integer("epoch").map { $0 == "0" ? "" : " in epoch \($0)" } ?? "")
            }
        case "persist":
            if let what = text("what"), let error = text("error") {
                var line = seq + "\(what) write failed: \(error)"
                if let failures = integer("failures") { line += " (\(failures) in a row" }
                if case .bool(let accepting)? = f["accepting"] {
                    line += accepting ? ", still accepting)" : ", not accepting)"
                } else if f["failures"] != nil {
                    line += ")"
                }
                return line
            }
        default:
            break
        }
        var fields = f
        fields["pubseq"] = nil
        fields["instance"] = nil
        return JSONValue.object(fields).jsonText
    }
}
