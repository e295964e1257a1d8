/// Conversion of the raw little-endian frames of the binary ingest form (CONTRACT §3) to doubles.
enum RawArray {
    /// Reads `count` elements of `dtype` from `bytes` (which holds exactly `count × dtype.size` bytes) as
    /// doubles, in one pass that also checks finiteness without a branch per element; returns the index of
    /// the first NaN or infinity, if any (found by a second scan only on that error path).
    static func doubles(_ bytes: [UInt8], dtype: DType, count: Int) -> (values: [Double], firstNonFinite: Int?) {
        precondition(bytes.count == count * dtype.size)
        var nonFinite = false
        let values = bytes.withUnsafeBytes { raw in
            [Double](unsafeUninitializedCapacity: count) { out, initialized in
                switch dtype {
                case .f4: nonFinite = readFloat32(raw, into: out)
                case .f8: nonFinite = readFloat64(raw, into: out)
                case .i4: for k in 0..<count { out[k] = Double(Int32(littleEndian: raw.element(k, as: Int32.self))) }
                case .i8: for k in 0..<count { out[k] = Double(Int64(littleEndian: raw.element(k, as: Int64.self))) }
                }
                initialized = count
            }
        }
        return (values, nonFinite ? values.firstIndex { !$0.isFinite } : nil)
    }

    /// Float32 → Double; true when some value has an all-ones exponent (NaN or ±∞).
    private static func readFloat32(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Double>) -> Bool
    {
        let exponent: UInt32 = 0x7F80_0000
        var special: UInt32 = 0
        for k in 0..<out.count {
            let bits = UInt32(littleEndian: raw.element(k, as: UInt32.self))
            special |= (bits & exponent) == exponent ? 1 : 0
            out[k] = Double(Float(bitPattern: bits))
        }
        return special != 0
    }

    /// Float64 → Double; true when some value has an all-ones exponent (NaN or ±∞).
    private static func readFloat64(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Double>) -> Bool
    {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        var special: UInt64 = 0
        for k in 0..<out.count {
            let bits = UInt64(littleEndian: raw.element(k, as: UInt64.self))
            special |= (bits & exponent) == exponent ? 1 : 0
            out[k] = Double(bitPattern: bits)
        }
        return special != 0
    }
}

extension UnsafeRawBufferPointer {
    /// Element `k` of an unaligned packed array of `T`.
    @inline(__always) fileprivate func element<T: FixedWidthInteger>(_ k: Int, as type: T.Type) -> T {
        loadUnaligned(fromByteOffset: k &* MemoryLayout<T>.size, as: T.self)
    }
}
