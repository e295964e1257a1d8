/// The integrity check stored beside every snapshot blob: a 64-bit FNV-1a hash, written as
/// `"fnv1a64:"` followed by 16 lowercase hex digits.
///
/// The inference core's encoding carries its own CRC-32; this second, independent hash is the store's: it
/// lets `StateStore` tell a damaged row from a good one without knowing the blob's format. The algorithm
/// name is part of the stored text, so a later version can switch algorithms and still verify old rows.
///
/// *References*: Fowler, Noll, Vo, "FNV hash", IETF draft-eastlake-fnv (offset basis and prime below).
public struct Checksum: Hashable, Sendable, CustomStringConvertible {
    /// The algorithm prefix of the stored text.
    public static let algorithm = "fnv1a64"
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The 64-bit hash value.
    public let value: UInt64

    /// Hashes `bytes`.
    public init<Bytes: Collection<UInt8>>(of bytes: Bytes) {
        var hash = Self.offsetBasis
        let contiguous: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            Self.hash(buffer, into: &hash)
        }
        if contiguous == nil {
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* Self.prime
            }
        }
        value = hash
    }

    /// Parses the stored text form; nil when the prefix names another algorithm or the digits are malformed.
    public init?(stored text: String) {
        let prefix = Self.algorithm + ":"
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard digits.count == 16, let value = UInt64(digits, radix: 16) else { return nil }
        self.value = value
    }

    /// The stored text form, e.g. `fnv1a64:af63dc4c8601ec8c` (the hash of "a").
    public var description: String {
        let hex = String(value, radix: 16)
        return "\(Self.algorithm):\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    private static func hash(_ buffer: UnsafeBufferPointer<UInt8>, into hash: inout UInt64) {
        var h = hash
        for byte in buffer {
            h = (h ^ UInt64(byte)) &* prime
        }
        hash = h
    }
}

extension Checksum {
    /// Why `bytes` do not match the stored checksum text, or nil when they do.
    static func mismatch(stored: String, bytes: [UInt8]) -> String? {
        guard let expected = Checksum(stored: stored) else {
            return "unreadable checksum '\(stored)' (expected \(algorithm):<16 hex digits>)"
        }
        let actual = Checksum(of: bytes)
        guard actual != expected else { return nil }
        return "checksum mismatch: stored \(expected), computed \(actual) over \(bytes.count) bytes"
    }
}
