import Foundation
import GRDB

/// The ingest journal: every accepted message of a stream, appended before its batch is learned, so a restart
/// restores the newest snapshots and replays what came after them — nothing the daemon acknowledged is lost.
///
/// A write-ahead log in the sense of ARIES (Mohan et al., ACM TODS 1992) and of Kafka's and Redis's
/// append-only files: the daemon appends a whole drained group of messages in one transaction (group commit,
/// one fsync for all of them), and deletes the entries a snapshot of every model of the stream covers in the
/// same transaction as that snapshot (`insert(_:checksums:positions:at:in:)`).
extension StateStore {
    /// Appends `entries` (one stream's, in arrival order) in one transaction; their ids are assigned in order.
    ///
    /// `fsync`: the commit waits until the write-ahead log is on stable storage (`synchronous = FULL`), so it
    /// survives a power failure. Without it (`synchronous = NORMAL` for this commit) it survives any crash of
    /// the process — the data is in the OS's cache — and reaches the disk with the next checkpoint
    /// (https://sqlite.org/pragma.html#pragma_synchronous; Redis's `appendfsync everysec` makes the same trade).
    @discardableResult
    public func appendJournal(_ entries: [JournalEntry], fsync: Bool = true) throws -> [JournalEntry] {
        guard !entries.isEmpty else { return [] }
        let payloads = entries.map { FramePayload.encode($0.frames, limit: Int.max) }
        let now = timestamp().timeIntervalSince1970
        try requireWritable()
        return try pool.writeWithoutTransaction { db in
            if !fsync { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            defer { if !fsync { try? db.execute(sql: "PRAGMA synchronous = FULL") } }
            var out = entries
            try db.inTransaction(.immediate) {
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO journal (stream, epoch, seq, payload, created_at) VALUES (?, ?, ?, ?, ?)")
                for k in entries.indices {
                    try insert.execute(arguments: [
                        entries[k].stream, StoredInteger.signed(entries[k].epoch), StoredInteger.signed(entries[k].seq),
                        Data(payloads[k]), now,
                    ])
                    out[k].id = db.lastInsertedRowID
                }
                return .commit
            }
            return out
        }
    }

    /// Up to `limit` journal entries of `stream` after row `id`, in arrival order (page through a long journal
    /// with the last id returned).
    public func journal(stream: String, after id: Int64 = 0, limit: Int = 256) throws -> [JournalEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, epoch, seq, payload FROM journal WHERE stream = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [stream, id, limit]
            ).map { row in
                JournalEntry(
                    id: row["id"], stream: stream, epoch: StoredInteger.unsigned(row["epoch"]),
                    seq: StoredInteger.unsigned(row["seq"]),
                    frames: try FramePayload.decode([UInt8](row["payload"] as Data), field: "journal.payload"))
            }
        }
    }

    /// Journal entries and their payload bytes, per stream.
    public func journalSize() throws -> [String: JournalSize] {
        try read { db in
            var out: [String: JournalSize] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT stream, COUNT(*) AS n, COALESCE(SUM(length(payload)), 0) AS b FROM journal GROUP BY stream"
            ) {
                out[row["stream"]] = JournalSize(entries: row["n"], bytes: row["b"])
            }
            return out
        }
    }

    /// Deletes the journal entries of `position.stream` up to and including the one at `position`, when the
    /// journal holds it (a position from before the journal was turned on deletes nothing).
    static func truncateJournal(through position: StreamPosition, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                DELETE FROM journal WHERE stream = ?1 AND id <= (
                    SELECT MAX(id) FROM journal WHERE stream = ?1 AND epoch = ?2 AND seq = ?3)
                """)
        try statement.execute(arguments: [
            position.stream, StoredInteger.signed(position.epoch), StoredInteger.signed(position.seq),
        ])
    }
}
