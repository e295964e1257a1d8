/// The name of one example, from the optional `ids` of an ingest message (docs/PROTOCOL.md §1.1), echoed in
/// `pred/` and in alerts (§2), remembered for a control `whatif` (§3) and stored with the remembered example:
/// always the same kind it arrived as, an integer or a string. Its JSON form is in Decode (`ExampleID+JSON`).
public enum ExampleID: Sendable, Hashable, CustomStringConvertible {
    case int(Int64)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .string(let s): return s
        }
    }
}
