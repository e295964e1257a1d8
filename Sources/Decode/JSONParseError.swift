/// Why a byte string is not a JSON document.
public enum JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A string holds bytes that are not UTF-8 (the string starts at `offset`).
    case invalidUTF8(offset: Int)
    /// The grammar is broken at byte `offset`.
    case syntax(offset: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidUTF8(let offset): return "invalid UTF-8 in the string at byte \(offset)"
        case .syntax(let offset, let reason): return "\(reason) at byte \(offset)"
        }
    }
}
