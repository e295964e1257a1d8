/// The name of one example, from the optional `ids` of an ingest message (CONTRACT §3), echoed in alerts
/// (§4 `alert/sensitivity/`) as the same JSON kind it arrived as: an integer or a string.
public enum ExampleID: Sendable, Hashable, CustomStringConvertible {
    case int(Int64)
    case string(String)

    /// The id as it appears in JSON.
    public var json: JSONValue {
        switch self {
        case .int(let v): return .int(v)
        case .string(let s): return .string(s)
        }
    }

    /// An id from a JSON integer literal in `Int64` or a string; nil for anything else (floats included:
    /// `3.0` would not round-trip as the same kind).
    public init?(json: JSONValue) {
        switch json {
        case .int(let v): self = .int(v)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .string(let s): return s
        }
    }
}

extension ExampleID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let v = try? container.decode(Int64.self) {
            self = .int(v)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let v): try container.encode(v)
        case .string(let s): try container.encode(s)
        }
    }
}
