import CZeroMQ

/// ZeroMQ's Z85 text encoding of binary keys (ZeroMQ RFC 32/Z85): 4 bytes become 5 printable characters, so a
/// 32-byte CURVE key is 40 characters (`zmq_z85_encode`, `zmq_z85_decode`).
///
/// References: ZeroMQ RFC 32 (Z85), https://rfc.zeromq.org/spec/32/.
public enum Z85 {
    /// The Z85 text of `bytes`, or nil when their count is not a multiple of 4.
    public static func encode(_ bytes: [UInt8]) -> String? {
        guard bytes.count % 4 == 0 else { return nil }
        var text = [CChar](repeating: 0, count: bytes.count / 4 * 5 + 1)
        guard zmq_z85_encode(&text, bytes, bytes.count) != nil else { return nil }
        return String(decoding: text.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes of Z85 `text`, or nil when it is not Z85 (a length that is not a multiple of 5, a character
    /// outside the alphabet, or a group that overflows 32 bits).
    public static func decode(_ text: String) -> [UInt8]? {
        let count = text.utf8.count
        guard count % 5 == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count / 5 * 4)
        guard zmq_z85_decode(&bytes, text) != nil else { return nil }
        // One spelling per key: the text must be what encoding the bytes gives back.
        guard encode(bytes) == text else { return nil }
        return bytes
    }

    /// Whether `text` is a CURVE key in Z85: 40 characters that decode to 32 bytes.
    public static func isKey(_ text: String) -> Bool {
        text.utf8.count == 40 && decode(text)?.count == 32
    }
}
