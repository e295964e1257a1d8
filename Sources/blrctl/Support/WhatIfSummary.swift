import Decode
import Tabular

/// The human summary of a `whatif` reply.
struct WhatIfSummary {
    let reply: [String: JSONValue]

    init(_ reply: [String: JSONValue]) { self.reply = reply }

    var text: String {
        func number(_ key: String) -> String { reply[key]?.doubleValue.map(Format.number) ?? "-" }
        let model = reply["model"]?.stringValue ?? "?"
        let removed = reply["removed"]?.doubleValue.map { Int($0) } ?? 0
        let remembered = reply["remembered"]?.doubleValue.map { Int($0) } ?? 0
        var lines = [
            "\(model)@\(number("version")): \(removed) remembered example(s) removed of \(remembered), "
                + "method \(reply["method"]?.stringValue ?? "?")"
                + (reply["applied"] == .bool(true) ? " — applied as version \(number("version"))" : " (not applied)"),
            "KL(new‖old) \(number("kl_new_old")) nats, KL(old‖new) \(number("kl_old_new")) nats (member \(reply["member"]?.stringValue ?? "?"))",
        ]
        if let missing = reply["missing_ids"]?.arrayValue, !missing.isEmpty {
            lines.append("not remembered: " + missing.map { $0.stringValue ?? $0.jsonText }.joined(separator: ", "))
        }
        let moved = reply["moved"]?.arrayValue ?? []
        if !moved.isEmpty {
            var table = TextTable(["parameter", "mean before", "mean after", "shift (sd)"], rightAligned: [1, 2, 3])
            for m in moved {
                let o = m.objectValue ?? [:]
                table.append([
                    o["name"]?.stringValue ?? "?", o["mean_before"]?.doubleValue.map(Format.number) ?? "-",
                    o["mean_after"]?.doubleValue.map(Format.number) ?? "-",
                    o["shift_sd"]?.doubleValue.map(Format.number) ?? "-",
                ])
            }
            lines.append(table.render())
        }
        if let before = reply["before"]?.objectValue, let after = reply["after"]?.objectValue {
            lines.append(contentsOf: Self.probe(before, after))
        }
        return lines.joined(separator: "\n")
    }

    /// Probe rows: mean (or P(y = 1), or the largest class probability) before → after.
    static func probe(_ before: [String: JSONValue], _ after: [String: JSONValue]) -> [String] {
        let key = before["mean"] != nil ? "mean" : before["rate"] != nil ? "rate" : "p"
        let a = before[key]?.arrayValue ?? [], b = after[key]?.arrayValue ?? []
        var table = TextTable(["row", key + " before", key + " after"])
        for i in a.indices where i < b.count {
            func show(_ v: JSONValue) -> String {
                if let d = v.doubleValue { return Format.number(d) }
                return (v.arrayValue ?? []).compactMap(\.doubleValue).map(Format.number).joined(separator: " ")
            }
            table.append([String(i), show(a[i]), show(b[i])])
        }
        return [table.render()]
    }
}
