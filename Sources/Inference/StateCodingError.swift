/// Why stored bytes could not be decoded into a model.
public enum StateCodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case badMagic
    case unsupportedVersion(UInt16)
    case truncated(at: Int)
    case checksumMismatch(expected: UInt32, actual: UInt32)
    case invalid(String)

    public var description: String {
        switch self {
        case .badMagic: return "not a blrd model state (bad magic bytes)"
        case .unsupportedVersion(let v): return "model state format version \(v) is not supported by this build"
        case .truncated(let at): return "model state is truncated at byte \(at)"
        case .checksumMismatch(let e, let a): return "model state checksum mismatch (stored \(e), computed \(a))"
        case .invalid(let what): return "model state is invalid: \(what)"
        }
    }
}
