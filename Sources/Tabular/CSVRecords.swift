/// The records of a CSV text's UTF-8 bytes, each with the line it starts on: the one set of CSV rules of blrd.
///
/// - Fields are separated by commas. A field that starts with `"` (after blanks) is quoted (RFC 4180): it runs to
///   the matching `"`, `""` inside it stands for one quote, and it may hold commas and line breaks. A quote
///   anywhere else is an ordinary character.
/// - Spaces and tabs around a field are trimmed (numbers are often written `1.5, 2.0`); inside quotes they are kept.
/// - Records end in `\n` or `\r\n`. Blank lines (only spaces and tabs) are skipped but counted, so line numbers
///   match an editor's. A leading UTF-8 byte-order mark is ignored.
struct CSVRecords: IteratorProtocol {
    /// A record: its fields, trimmed and unquoted, and the 1-based line it starts on.
    struct Record {
        let line: Int
        let fields: [String]
    }

    /// A record that breaks the quoting rules.
    struct Malformed: Error {
        let line: Int
        /// The 1-based field where the problem is.
        let field: Int
        let reason: String
    }

    private let bytes: [UInt8]
    private var offset: Int
    /// The line `offset` is on.
    private var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Whether `offset` is at the end of a line (`\n`, `\r\n`) or of the text.
    private var atLineEnd: Bool {
        offset == bytes.count || bytes[offset] == Self.newline
            || (bytes[offset] == Self.carriageReturn && offset + 1 < bytes.count && bytes[offset + 1] == Self.newline)
    }

    /// Steps over the line end at `offset`, if any.
    private mutating func consumeLineEnd() {
        guard offset < bytes.count else { return }
        offset += bytes[offset] == Self.carriageReturn ? 2 : 1
        line += 1
    }

    private mutating func skipBlanks() {
        while offset < bytes.count, Self.isBlank(bytes[offset]) { offset += 1 }
    }

    /// Unchecked: use ``nextRecord()`` for the errors.
    mutating func next() -> Record? { try? nextRecord() }

    /// The next non-blank record, or nil at the end of the text.
    mutating func nextRecord() throws(Malformed) -> Record? {
        while offset < bytes.count {
            let start = offset
            skipBlanks()
            if atLineEnd {
                consumeLineEnd()
                continue
            }
            offset = start
            return try record()
        }
        return nil
    }

    /// The record at `offset`, which is not blank.
    private mutating func record() throws(Malformed) -> Record {
        let first = line
        var fields: [String] = []
        while true {
            skipBlanks()
            if offset < bytes.count, bytes[offset] == Self.quote {
                fields.append(try quotedField(record: first, field: fields.count + 1))
                skipBlanks()
                guard atLineEnd || bytes[offset] == Self.comma else {
                    throw Malformed(line: first, field: fields.count, reason: "text after a closing quote")
                }
            } else {
                let start = offset
                while offset < bytes.count, bytes[offset] != Self.comma, !atLineEnd { offset += 1 }
                var end = offset
                while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
                fields.append(String(decoding: bytes[start..<end], as: UTF8.self))
            }
            if atLineEnd {
                consumeLineEnd()
                return Record(line: first, fields: fields)
            }
            offset += 1  // the comma
        }
    }

    /// The quoted field at `offset` (at its opening quote), unquoted; leaves `offset` after the closing quote.
    private mutating func quotedField(record: Int, field: Int) throws(Malformed) -> String {
        offset += 1
        var text: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == Self.quote {
                guard offset < bytes.count, bytes[offset] == Self.quote else {
                    return String(decoding: text, as: UTF8.self)
                }
                offset += 1
            } else if byte == Self.newline {
                line += 1
            }
            text.append(byte)
        }
        throw Malformed(line: record, field: field, reason: "a quote is not closed before the end of the file")
    }
}
