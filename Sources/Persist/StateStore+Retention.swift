import Foundation
import GRDB

extension StateStore {
    /// A model's retention after a commit (`keep_snapshots`, `keep_for`): deletes its snapshots beyond the
    /// newest `keep` (nil or 0: no count limit) and those created before `before` (nil: no age limit). The newest
    /// snapshot and the newest one that passes its checksum are never deleted, whatever their age, so a model
    /// that has been idle longer than `keep_for` still restores. Returns how many it deleted.
    @discardableResult
    public func retain(model: String, keep: Int?, before: Date?) throws -> Int {
        typealias C = SnapshotRecord.Columns
        return try write { db in
            let rows = try Row.fetchAll(
                db, SnapshotRecord.select(C.version, C.createdAt).filter(C.model == model).order(C.version.desc))
            let versions: [(version: Int, created: Double)] = rows.map { ($0[0], $0[1]) }
            guard versions.count > 1 else { return 0 }
            let count = keep.flatMap { $0 > 0 ? $0 : nil } ?? .max
            let cutoff = before?.timeIntervalSince1970 ?? -.infinity
            var doomed = Set(
                versions.enumerated().filter { i, v in i >= count || v.created < cutoff }.map(\.element.version))
            doomed.remove(versions[0].version)
            guard !doomed.isEmpty else { return 0 }
            // Never the newest intact snapshot: found among all of them, newest first.
            if let intact = try Self.newestIntact(model: model, among: versions.map(\.version), in: db) {
                doomed.remove(intact)
            }
            let deleted = try SnapshotRecord.filter(C.model == model && doomed.contains(C.version)).deleteAll(db)
            if deleted > 0 { try Self.releaseFreePages(db) }
            return deleted
        }
    }

    /// Deletes alerts and dead letters recorded before the given dates (`[daemon] keep_alerts_for`,
    /// `keep_dead_letters_for`); returns (alerts, dead letters) deleted.
    @discardableResult
    public func expire(alertsBefore: Date?, deadLettersBefore: Date?) throws -> (alerts: Int, deadLetters: Int) {
        try write { db in
            var alerts = 0, letters = 0
            if let date = alertsBefore {
                alerts = try AlertRecord.filter(AlertRecord.Columns.createdAt < date.timeIntervalSince1970).deleteAll(
                    db)
            }
            if let date = deadLettersBefore {
                letters = try DeadLetterRecord.filter(DeadLetterRecord.Columns.createdAt < date.timeIntervalSince1970)
                    .deleteAll(db)
            }
            return (alerts, letters)
        }
    }
}
