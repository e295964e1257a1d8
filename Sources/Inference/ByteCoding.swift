/// Little-endian writer of fixed-width numbers, the encoding of `Model.encoded()`.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func write(_ v: Double) { write(v.bitPattern) }
    mutating func write(_ v: Bool) { write(UInt8(v ? 1 : 0)) }
    /// A length-prefixed byte string.
    mutating func write(_ v: [UInt8]) {
        write(UInt32(v.count))
        bytes.append(contentsOf: v)
    }
    mutating func write(_ v: [Double]) {
        write(UInt32(v.count))
        bytes.reserveCapacity(bytes.count + 8 * v.count)
        for x in v { write(x) }
    }
}

/// The matching reader; every read checks the remaining length and throws `StateCodingError.truncated`.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { throw StateCodingError.truncated(at: offset) }
        var v: T = 0
        for i in 0..<size { v |= T(truncatingIfNeeded: bytes[offset + i]) << (8 * i) }
        offset += size
        return v
    }
    mutating func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }
    mutating func readBool() throws -> Bool {
        switch try read(UInt8.self) {
        case 0: return false
        case 1: return true
        case let b: throw StateCodingError.invalid("boolean byte \(b)")
        }
    }
    mutating func readBytes(limit: Int = 1 << 31) throws -> [UInt8] {
        let n = Int(try read(UInt32.self))
        guard n <= limit, offset + n <= bytes.count else { throw StateCodingError.truncated(at: offset) }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }
    mutating func readDoubles(limit: Int = 1 << 28) throws -> [Double] {
        let n = Int(try read(UInt32.self))
        guard n <= limit, offset + 8 * n <= bytes.count else { throw StateCodingError.truncated(at: offset) }
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n { out[i] = try readDouble() }
        return out
    }
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), the trailer of an encoded state.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// The frame of a persisted state: 4 magic bytes and a UInt16 format version before the body, a CRC-32 of
/// everything before it after.
enum StateEnvelope {
    /// A writer with the magic and the version written.
    static func writer(magic: [UInt8], version: UInt16) -> ByteWriter {
        var w = ByteWriter()
        for b in magic { w.write(b) }
        w.write(version)
        return w
    }

    /// The writer's bytes with the CRC-32 appended.
    static func sealed(_ w: ByteWriter) -> [UInt8] {
        var bytes = w.bytes
        withUnsafeBytes(of: CRC32.checksum(bytes[...]).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Checks the magic and the checksum; returns a reader positioned after the version, and the version.
    static func open(_ bytes: [UInt8], magic: [UInt8]) throws -> (ByteReader, UInt16) {
        guard bytes.count >= 10 else { throw StateCodingError.truncated(at: bytes.count) }
        guard Array(bytes[0..<4]) == magic else { throw StateCodingError.badMagic }
        let body = bytes[0..<(bytes.count - 4)]
        var trailer = ByteReader(Array(bytes[(bytes.count - 4)...]))
        let stored = try trailer.read(UInt32.self)
        let actual = CRC32.checksum(body)
        guard stored == actual else { throw StateCodingError.checksumMismatch(expected: stored, actual: actual) }
        var r = ByteReader(Array(body))
        _ = try r.read(UInt32.self)
        let version = try r.read(UInt16.self)
        return (r, version)
    }
}
