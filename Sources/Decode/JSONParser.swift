// The one JSON stack of the wire. Every ingest header and JSON-form body (docs/PROTOCOL.md §1), every published
// header (§2) and every control request and reply (§3) is parsed into a `JSONValue` here and written by
// `JSONValue.serialized()`; blr-bench reads its JSON files with it too. It is kept beside Foundation rather than
// replaced by `JSONSerialization` or `JSONDecoder` because the wire needs what Foundation does not give:
//
// - strictness: RFC 8259 only (Foundation's `JSONSerialization` on Linux accepts `[3, ]` as `[3]`), duplicate keys
//   refused, and every error at a byte offset;
// - Python's `NaN` and `Infinity` tokens read as non-finite numbers, so the decoder rejects them naming the row and
//   column of x (`x[1][1] is not finite`) where Foundation refuses the whole document;
// - the kind of each number literal kept (`.int`, `.uint`, `.double`), so a `seq` of 2⁶⁴ − 1 and an integer example
//   id round-trip exactly and are told apart from `3.0`;
// - speed: `blr-bench json` (release build, on a shared 2-core machine) parses ingest frames 3–12× faster than
//   `JSONSerialization` parses the same bytes into Foundation objects: binary-form headers at 39–191 MB/s against
//   8–15 MB/s, JSON-form bodies of 64 and 1024 rows of 8 features at 118–138 MB/s against 12 MB/s.
//
// The JSON that is not the wire stays Codable: the daemon's session state inside a snapshot (`SessionSnapshot`),
// whose format is frozen in the snapshots already written, of types whose coding is synthesized in `Inference`.
// Tests read published headers with `JSONSerialization` on purpose, as an independent reader.

extension JSONValue {
    /// Parses one JSON document (RFC 8259), surrounded by optional whitespace.
    ///
    /// Strict where ambiguity would hurt (duplicate keys are refused) and lenient where Python's `json.dumps`
    /// departs from the RFC: its `NaN`, `Infinity` and `-Infinity` tokens parse as non-finite doubles, so the
    /// decoder can name the row and column of a non-finite value instead of reporting bad JSON.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            do throws(JSONParseError) { return .success(try parser.document()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// A recursive-descent JSON parser over a byte buffer; numbers use Clinger's exact fast path when the
/// decimal mantissa fits 2⁵³ and the power of ten is at most 10²², and the standard library's correctly
/// rounded conversion otherwise.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The read position.
    var i = 0
    private var depth = 0
    private static let maxDepth = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func document() throws(JSONParseError) -> JSONValue {
        let v = try value()
        skipWhitespace()
        guard i == bytes.count else { throw fail("unexpected content after the document") }
        return v
    }

    func fail(_ reason: String) -> JSONParseError { .syntax(offset: i, reason: reason) }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
    }

    private mutating func value() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "N"): try literal("NaN"); return .double(.nan)
        case UInt8(ascii: "I"): try literal("Infinity"); return .double(.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character '\(Unicode.Scalar(bytes[i]))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end of input") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("invalid literal") }
        i += n
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyOffset = i
            let key = try string()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            let v = try value()
            guard members.updateValue(v, forKey: key) == nil else {
                throw .syntax(offset: keyOffset, reason: "duplicate key \"\(key)\"")
            }
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            i += 1
            depth -= 1
            return .object(members)
        }
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            i += 1
            depth -= 1
            return .array(elements)
        }
    }

    /// A string starting at the opening quote; plain ASCII runs are copied without decoding.
    private mutating func string() throws(JSONParseError) -> String {
        let start = i
        i += 1
        let contentStart = i
        var ascii = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[contentStart..<i])
                i += 1
                if ascii { return String(decoding: run, as: UTF8.self) }
                guard let s = String(validating: run, as: UTF8.self) else { throw .invalidUTF8(offset: start) }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in a string") }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        guard i < bytes.count else { throw .syntax(offset: start, reason: "unterminated string") }
        return try escapedString(start: start, contentStart: contentStart)
    }

    /// The slow path of `string()`: the string has escapes; `i` is at the first backslash.
    private mutating func escapedString(start: Int, contentStart: Int) throws(JSONParseError) -> String {
        var out = Array(bytes[contentStart..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw .invalidUTF8(offset: start) }
                return s
            }
            if b < 0x20 { throw fail("control character in a string") }
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out.append(contentsOf: String(try unicodeEscape()).utf8)
            default: throw fail("invalid escape")
            }
        }
        throw .syntax(offset: start, reason: "unterminated string")
    }

    /// `\uXXXX` (after the `u`), joining a surrogate pair; a lone surrogate is an error.
    private mutating func unicodeEscape() throws(JSONParseError) -> Character {
        let high = try hex4()
        var scalar = high
        if (0xD800..<0xDC00).contains(high) {
            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                throw fail("lone surrogate")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("lone surrogate") }
            scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("lone surrogate") }
        return Character(u)
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | UInt32(digit)
            i += 1
        }
        return v
    }
}
