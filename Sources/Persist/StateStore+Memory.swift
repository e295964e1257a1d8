import Foundation
import GRDB
import Vocabulary

/// The what-if memory (`example_memory`, migration v3): the newest labelled examples of each model, written in
/// the transaction of the model's snapshot, so after a restart the memory holds exactly the rows the restored
/// posterior includes (the journal's replay learns, and so remembers, the rest again).
extension StateStore {
    /// A model's remembered examples, oldest first.
    public func rememberedExamples(model: String) throws -> [RememberedExample] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT epoch, seq, row, example_id, x, y FROM example_memory WHERE model = ? ORDER BY id",
                arguments: [model]
            ).map { row in
                let id: ExampleID? =
                    switch (row["example_id"] as DatabaseValue).storage {
                    case .int64(let v): .int(v)
                    case .string(let s): .string(s)
                    default: nil
                    }
                let bytes = [UInt8](row["x"] as Data)
                return RememberedExample(
                    epoch: StoredInteger.unsigned(row["epoch"]), seq: StoredInteger.unsigned(row["seq"]),
                    row: row["row"],
                    id: id, x: Self.doubles(bytes), y: row["y"])
            }
        }
    }

    /// Applies `write` inside a transaction the caller owns (`saveSnapshots`).
    static func apply(_ write: MemoryWrite, in db: Database) throws {
        if write.replace {
            try db.execute(sql: "DELETE FROM example_memory WHERE model = ?", arguments: [write.model])
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO example_memory (model, epoch, seq, row, example_id, x, y)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for r in write.rows.suffix(max(write.limit, 0)) {
            let id: DatabaseValueConvertible? =
                switch r.id {
                case .int(let v): v
                case .string(let s): s
                case nil: nil
                }
            try insert.execute(arguments: [
                write.model, StoredInteger.signed(r.epoch), StoredInteger.signed(r.seq), r.row, id,
                Data(Self.bytes(r.x)), r.y,
            ])
        }
        // Keep the newest `limit` rows (by arrival).
        try db.execute(
            sql: """
                DELETE FROM example_memory WHERE model = ?1 AND id <= (
                    SELECT id FROM example_memory WHERE model = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)
                """,
            arguments: [write.model, max(write.limit, 0)])
    }

    static func bytes(_ x: [Double]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 * x.count)
        for v in x { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    static func doubles(_ bytes: [UInt8]) -> [Double] {
        stride(from: 0, to: bytes.count - 7, by: 8).map { o in
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(bytes[o + k]) << (8 * k) }
            return Double(bitPattern: bits)
        }
    }
}
