import Foundation
import GRDB

extension StateStore {
    /// Deletes all but the newest `keep` snapshots of each model (or of `model` only), and returns how many
    /// it deleted. The newest snapshot that passes its checksum is always kept, even when it is older than
    /// the newest `keep`, so pruning never leaves a model with damaged snapshots only.
    ///
    /// Runs in one write transaction, then gives the freed pages back to the file system
    /// (`PRAGMA incremental_vacuum`): pruning is rare and operator-driven, and an operator who prunes wants
    /// the disk space back; the daemon's periodic snapshots reuse free pages either way.
    @discardableResult
    public func prune(keep: Int, model: String? = nil) throws -> Int {
        guard keep >= 1 else {
            throw StoreError.invalidValue(
                field: "keep", value: String(keep),
                reason: "keep at least 1 snapshot per model (deleteModel removes a model's whole history)")
        }
        return try write { db in
            let names: [String]
            if let model {
                guard try ModelRecord.exists(db, key: model) else { throw StoreError.unknownModel(model) }
                names = [model]
            } else {
                names = try String.fetchAll(db, ModelRecord.select(ModelRecord.Columns.name))
            }
            var deleted = 0
            for name in names {
                deleted += try prune(model: name, keep: keep, in: db)
            }
            if deleted > 0 { try Self.releaseFreePages(db) }
            return deleted
        }
    }

    private func prune(model: String, keep: Int, in db: Database) throws -> Int {
        typealias C = SnapshotRecord.Columns
        let versions = try Int.fetchAll(
            db, SnapshotRecord.select(C.version).filter(C.model == model).order(C.version.desc))
        guard versions.count > keep else { return 0 }
        var doomed = Array(versions.dropFirst(keep))
        if try Self.newestIntact(model: model, among: versions.prefix(keep), in: db) == nil,
            let rescued = try Self.newestIntact(model: model, among: doomed, in: db)
        {
            doomed.removeAll { $0 == rescued }
        }
        return try SnapshotRecord.filter(C.model == model && doomed.contains(C.version)).deleteAll(db)
    }

    /// The first of `versions` (newest first) whose blob matches its checksum.
    static func newestIntact(
        model: String, among versions: some Sequence<Int>, in db: Database
    ) throws -> Int? {
        for version in versions {
            let rows = try Row.fetchCursor(
                db, sql: "SELECT state, checksum FROM snapshot WHERE model = ? AND version = ?",
                arguments: [model, version])
            while let row = try rows.next() {
                let intact = try row.withUnsafeData(atIndex: 0) { data in
                    Checksum(stored: row[1]) == Checksum(of: data ?? Data())
                }
                if intact { return version }
            }
        }
        return nil
    }
}
