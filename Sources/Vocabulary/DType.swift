/// The numpy dtypes blrd reads, spelled as numpy's `dtype.str`: little-endian 32- and 64-bit floats and signed
/// integers. The binary ingest form declares them (docs/PROTOCOL.md §1.1) and blr-publish reads them from `.npy`
/// files; both convert with ``doubles(_:count:)``.
public enum DType: String, Sendable, Hashable, CaseIterable {
    case f4 = "<f4"
    case f8 = "<f8"
    case i4 = "<i4"
    case i8 = "<i8"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .f4, .i4: return 4
        case .f8, .i8: return 8
        }
    }

    public var isFloatingPoint: Bool { self == .f4 || self == .f8 }

    public var isInteger: Bool { !isFloatingPoint }

    /// numpy's short name without the byte order: `f4`, `f8`, `i4`, `i8`.
    public var code: String { String(rawValue.dropFirst()) }
}
