/// The blob form of a message's frames (a dead letter's, a journal entry's): each frame as a 4-byte little-endian length followed by its
/// bytes, in order.
///
/// Encoding stops at a byte limit: the frame that crosses it is cut (its length prefix gives the stored,
/// cut length, so the blob always decodes) and later frames are dropped.
enum FramePayload {
    /// The payload of `frames`, at most `limit` bytes long (prefixes included).
    static func encode(_ frames: [[UInt8]], limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, frames.reduce(0) { $0 + 4 + $1.count }))
        for frame in frames {
            let room = limit - out.count - 4
            guard room >= 0 else { break }
            let stored = frame.prefix(min(room, Int(UInt32.max)))
            withUnsafeBytes(of: UInt32(stored.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: stored)
            if stored.count < frame.count { break }
        }
        return out
    }

    /// The frames of a payload written by `encode`.
    static func decode(_ payload: [UInt8], field: String = "dead_letter.payload") throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < payload.count {
            guard payload.count - offset >= 4 else { throw malformed(field, at: offset) }
            let length = payload[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard payload.count - offset >= length else { throw malformed(field, at: offset) }
            frames.append(Array(payload[offset..<offset + length]))
            offset += length
        }
        return frames
    }

    private static func malformed(_ field: String, at offset: Int) -> StoreError {
        StoreError.invalidValue(field: field, value: "byte \(offset)", reason: "truncated length-prefixed frame")
    }
}
