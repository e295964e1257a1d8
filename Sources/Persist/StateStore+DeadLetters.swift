import Foundation
import GRDB

extension StateStore {
    /// Keeps a rejected message's frames and the reason it was rejected.
    ///
    /// The frames are stored length-prefixed and cut at `Options.deadLetterPayloadLimit` bytes; the stream
    /// keeps at most `Options.deadLettersPerStream` dead letters: the oldest beyond that are deleted in the
    /// same transaction as the insert, so a flood of bad messages cannot grow the file without bound.
    @discardableResult
    public func recordDeadLetter(
        stream: String, seq: UInt64?, reason: String, frames: [[UInt8]]
    ) throws -> DeadLetterRecord {
        let storedSeq = StoredInteger.signedIfPresent(seq)
        let payload = FramePayload.encode(frames, limit: options.deadLetterPayloadLimit)
        let originalSize = frames.reduce(0) { $0 + $1.count }
        let keep = max(1, options.deadLettersPerStream)
        let now = timestamp()
        let id = try write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO dead_letter (stream, seq, reason, payload, frame_count, original_size, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            try insert.execute(arguments: [
                stream, storedSeq, reason, Data(payload), frames.count, originalSize, now.timeIntervalSince1970,
            ])
            let id = db.lastInsertedRowID
            let trim = try db.cachedStatement(
                sql: """
                    DELETE FROM dead_letter WHERE stream = ?1 AND id <= (
                        SELECT id FROM dead_letter WHERE stream = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)
                    """)
            try trim.execute(arguments: [stream, keep])
            return id
        }
        return DeadLetterRecord(
            id: id, stream: stream, seq: seq, reason: reason, frames: try FramePayload.decode(payload),
            frameCount: frames.count, originalSize: originalSize, createdAt: now)
    }

    /// Dead letters of one stream or of all, oldest first; with a `limit`, the newest `limit` of them.
    public func deadLetters(stream: String? = nil, limit: Int? = nil) throws -> [DeadLetterRecord] {
        typealias C = DeadLetterRecord.Columns
        return try read { db in
            var request = DeadLetterRecord.order(C.id.desc)
            if let stream { request = request.filter(C.stream == stream) }
            if let limit { request = request.limit(max(0, limit)) }
            return try request.fetchAll(db).reversed()
        }
    }
}
