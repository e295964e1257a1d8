import Vocabulary

/// An example id in the JSON of the wire (docs/PROTOCOL.md §1.1 `ids`): a JSON integer or string.
extension ExampleID {
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
}
