/// Splits one CSV line into fields (RFC 4180 quoting within a line): fields are separated by commas; a field
/// that starts with `"` runs to the matching `"`, with `""` standing for one quote inside it. Whitespace
/// around a field is trimmed (numbers are often written `1.5, 2.0`).
enum CSVFields {
    /// Why a line could not be split.
    struct Malformed: Error {
        /// The 1-based field where the problem is.
        let field: Int
        let reason: String
    }

    /// The fields of a line's UTF-8 bytes (no line terminator), trimmed and unquoted.
    ///
    /// A line without quotes, the usual numeric row, is split on the bytes without building a `String` for the
    /// whole line.
    static func split(_ line: ArraySlice<UInt8>) throws(Malformed) -> [String] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        guard line.contains(quote) else {
            return line.split(separator: comma, omittingEmptySubsequences: false).map { field in
                var field = field
                while let first = field.first, first == space || first == tab { field = field.dropFirst() }
                while let last = field.last, last == space || last == tab { field = field.dropLast() }
                return String(decoding: field, as: UTF8.self)
            }
        }
        return try split(Substring(String(decoding: line, as: UTF8.self)))
    }

    /// The fields of `line` (no line terminator), trimmed and unquoted, quotes and all.
    static func split(_ line: Substring) throws(Malformed) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false  // inside a quoted section
        var wasQuoted = false  // the current field had a quoted section (its spaces are kept)
        var afterQuote = false  // a quoted section just closed: only spaces and a comma may follow
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let char = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if char == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" {
                            current.append("\"")
                            continue
                        }
                        pending = following
                    }
                    quoted = false
                    afterQuote = true
                } else {
                    current.append(char)
                }
                continue
            }
            switch char {
            case ",":
                fields.append(wasQuoted ? current : trimmed(current))
                current = ""
                wasQuoted = false
                afterQuote = false
            case "\"" where !afterQuote && trimmed(current).isEmpty:
                current = ""
                quoted = true
                wasQuoted = true
            default:
                if afterQuote {
                    guard char == " " || char == "\t" else {
                        throw Malformed(field: fields.count + 1, reason: "text after a closing quote")
                    }
                } else {
                    current.append(char)
                }
            }
        }
        if quoted { throw Malformed(field: fields.count + 1, reason: "a quote is not closed on this line") }
        fields.append(wasQuoted ? current : trimmed(current))
        return fields
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
            let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[first...last])
    }
}
