/// The numpy dtypes the binary ingest form accepts (CONTRACT §3), spelled as numpy's `dtype.str`:
/// little-endian 32- and 64-bit floats and signed integers.
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
}
