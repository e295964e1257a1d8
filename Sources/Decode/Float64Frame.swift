/// The binary frames of published messages (docs/PROTOCOL.md §2): doubles as raw little-endian `<f8`, C order —
/// what `numpy.frombuffer(frame, dtype="<f8")` reads.
public enum Float64Frame {
    /// The bytes of `values` (8 per value).
    public static func encode(_ values: [Double]) -> [UInt8] {
        #if _endian(little)
            return values.withUnsafeBytes { Array($0) }
        #else
            var out: [UInt8] = []
            out.reserveCapacity(8 * values.count)
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            return out
        #endif
    }

    /// The doubles of a frame; nil when its length is not a multiple of 8.
    public static func decode(_ bytes: [UInt8]) -> [Double]? {
        guard bytes.count % 8 == 0 else { return nil }
        let n = bytes.count / 8
        return bytes.withUnsafeBytes { raw in
            (0..<n).map { k in
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self)))
            }
        }
    }
}
