extension DType {
    /// Reads `count` little-endian elements of this dtype from `raw` (which holds at least `count × size` bytes)
    /// as doubles, in one pass that also checks finiteness without a branch per element; returns the index of the
    /// first NaN or infinity, if any (found by a second scan only on that error path). The raw frames of the binary
    /// ingest form (docs/PROTOCOL.md §1.1) and the body of an `.npy` file are both read with it.
    public func doubles(_ raw: UnsafeRawBufferPointer, count: Int) -> (values: [Double], firstNonFinite: Int?) {
        precondition(raw.count >= count * size)
        var nonFinite = false
        let values = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            switch self {
            case .f4:
                nonFinite = Self.readFloats(raw, into: out, exponent: UInt32(0x7F80_0000)) {
                    Double(Float(bitPattern: $0))
                }
            case .f8:
                nonFinite = Self.readFloats(raw, into: out, exponent: UInt64(0x7FF0_0000_0000_0000)) {
                    Double(bitPattern: $0)
                }
            case .i4: for k in 0..<count { out[k] = Double(Int32(littleEndian: raw.element(k, as: Int32.self))) }
            case .i8: for k in 0..<count { out[k] = Double(Int64(littleEndian: raw.element(k, as: Int64.self))) }
            }
            initialized = count
        }
        return (values, nonFinite ? values.firstIndex { !$0.isFinite } : nil)
    }

    /// The same from a byte array (a ZeroMQ frame) holding exactly `count × size` bytes.
    public func doubles(_ bytes: [UInt8], count: Int) -> (values: [Double], firstNonFinite: Int?) {
        precondition(bytes.count == count * size)
        return bytes.withUnsafeBytes { doubles($0, count: count) }
    }

    /// Little-endian floats of bit pattern `Bits` → Double (`double` converts one pattern); true when some value
    /// has an all-ones `exponent` (NaN or ±∞), found without a branch per element.
    @inline(__always)
    private static func readFloats<Bits: FixedWidthInteger & UnsignedInteger>(
        _ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Double>, exponent: Bits,
        _ double: (Bits) -> Double
    ) -> Bool {
        var special: Bits = 0
        for k in 0..<out.count {
            let bits = Bits(littleEndian: raw.element(k, as: Bits.self))
            special |= (bits & exponent) == exponent ? 1 : 0
            out[k] = double(bits)
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
