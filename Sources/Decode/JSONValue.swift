/// A JSON document as the wire sees it (docs/PROTOCOL.md §1 headers and JSON form, §2 headers, §3 control).
///
/// Numbers keep the kind of their literal: an integer literal is `.int` (or `.uint` above `Int64.max`), so
/// a `seq` of 2⁶⁴ − 1 or an integer example id round-trips exactly; anything with a fraction or an exponent
/// is `.double`. Objects are dictionaries: `serialized()` writes their keys sorted, so output is deterministic.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer literal that fits `Int64`.
    case int(Int64)
    /// An integer literal above `Int64.max` that fits `UInt64`.
    case uint(UInt64)
    /// A number with a fraction or exponent, or an integer literal beyond `UInt64`. Non-finite values are
    /// only produced by parsing Python's `NaN`/`Infinity` tokens or overflowing literals such as `1e400`;
    /// they serialize as `null`.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The value of any number, nil for other values.
    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }

    /// The value when it is a non-negative integer known exactly: an integer literal in `UInt64`, or a
    /// number such as `42.0` that is integral and at most 2⁵³ (beyond that a double is not exact).
    public var exactUInt64: UInt64? {
        switch self {
        case .int(let v): return v >= 0 ? UInt64(v) : nil
        case .uint(let v): return v
        case .double(let v):
            guard v >= 0, v <= 9_007_199_254_740_992, v.rounded(.towardZero) == v else { return nil }
            return UInt64(v)
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// "null", "a boolean", "an integer", "a number", "a string", "an array" or "an object", for error text.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .uint: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value serialized and cut to at most `limit` characters, for quoting it in an error reason.
    public func excerpt(limit: Int = 40) -> String {
        if case .double(let v) = self, !v.isFinite { return v.isNaN ? "NaN" : v > 0 ? "Infinity" : "-Infinity" }
        let text = String(decoding: serialized(), as: UTF8.self)
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// An unsigned integer (`seq`, `pubseq`, counts) as `.int`, or `.uint` above `Int64.max`.
    public init(_ value: UInt64) {
        self = value <= UInt64(Int64.max) ? .int(Int64(value)) : .uint(value)
    }

    public init(_ value: Int) { self = .int(Int64(value)) }

    /// A double; non-finite values become `null` (JSON has no infinities or NaN).
    public init(_ value: Double) { self = value.isFinite ? .double(value) : .null }

    /// An array of doubles (non-finite entries become `null`).
    public init(_ values: [Double]) { self = .array(values.map { JSONValue($0) }) }
}
