import Decode
import Foundation
import Logging

/// One log record rendered as a line: `text` for people, `json` for shippers, with the `<N>` priority prefix
/// journald turns into a filterable priority (`journalctl -p warning`) when stderr is the journal. Under the
/// journal the timestamp is left out: journald stamps every line itself.
struct LogLine: Sendable {
    let format: LogFormat
    let journal: Bool

    func render(
        level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, date: Date = Date()
    ) -> String {
        let prefix = journal ? "<\(JournalStream.priority(level))>" : ""
        switch format {
        case .text:
            var line = journal ? "" : Self.timestamp(date) + " "
            line += "\(level) \(label): \(message)"
            for key in metadata.keys.sorted() { line += " \(key)=\(Self.text(metadata[key]!))" }
            return prefix + line + "\n"
        case .json:
            var object: [String: JSONValue] = [
                "time": .string(Self.timestamp(date)), "level": .string(level.rawValue), "logger": .string(label),
                "message": .string(message),
            ]
            for (key, value) in metadata where object[key] == nil { object[key] = Self.json(value) }
            return prefix + JSONValue.object(object).jsonText + "\n"
        }
    }

    /// UTC, milliseconds: `2026-11-29T15:04:05.123Z`.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var t = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        let millis = Int((seconds - seconds.rounded(.down)) * 1000)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    /// A value as `key=value` shows it: quoted when it has spaces, quotes or is empty.
    static func text(_ value: Logger.MetadataValue) -> String {
        let s: String =
            switch value {
            case .string(let v): v
            case .stringConvertible(let v): v.description
            case .array, .dictionary: json(value).jsonText
            }
        guard s.isEmpty || s.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else { return s }
        return JSONValue.string(s).jsonText
    }

    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let v): .string(v)
        case .stringConvertible(let v):
            if let i = v as? Int {
                .int(Int64(i))
            } else if let d = v as? Double, d.isFinite {
                .double(d)
            } else if let b = v as? Bool {
                .bool(b)
            } else {
                .string(v.description)
            }
        case .array(let items): .array(items.map(json))
        case .dictionary(let members): .object(members.mapValues(json))
        }
    }
}
