import Foundation
import GRDB

extension StateStore {
    /// Saves one snapshot and the stream positions it includes in one transaction (see `saveSnapshots`).
    @discardableResult
    public func saveSnapshot(_ snapshot: NewSnapshot, positions: [StreamPosition] = [], memory: [MemoryWrite] = [])
        throws -> SnapshotRecord
    {
        try saveSnapshots([snapshot], positions: positions, memory: memory)[0]
    }

    /// Saves snapshots of several models (e.g. every model of a stream) and the stream positions they include,
    /// all in one write transaction: after a crash either all of them are on disk or none is.
    ///
    /// Each snapshot gets the version it asks for (above every stored one) or its model's next version (newest
    /// + 1, from 1), and a checksum of its blob (computed
    /// before the write lock is taken). Each position is upserted and stamped with the transaction's time, and
    /// the journal entries of its stream up to it are deleted.
    /// Throws `StoreError.unknownModel` for a model that is not registered. `memory`: the changes of the models'
    /// what-if memories these snapshots include, in the same transaction.
    @discardableResult
    public func saveSnapshots(_ snapshots: [NewSnapshot], positions: [StreamPosition], memory: [MemoryWrite] = [])
        throws -> [SnapshotRecord]
    {
        let checksums = snapshots.map { Checksum(of: $0.state).description }
        let now = timestamp()
        return try write { db in
            let saved = try insert(snapshots, checksums: checksums, positions: positions, at: now, in: db)
            for change in memory { try Self.apply(change, in: db) }
            return saved
        }
    }

    /// The body of `saveSnapshots`, for use inside a transaction the caller owns.
    func insert(
        _ snapshots: [NewSnapshot], checksums: [String], positions: [StreamPosition], at now: Date, in db: Database
    ) throws -> [SnapshotRecord] {
        var saved: [SnapshotRecord] = []
        for (snapshot, checksum) in zip(snapshots, checksums) {
            let epoch = StoredInteger.signed(snapshot.epoch)
            let seq = StoredInteger.signedIfPresent(snapshot.seq)
            guard try ModelRecord.exists(db, key: snapshot.model) else {
                throw StoreError.unknownModel(snapshot.model)
            }
            let next = try Self.nextVersion(of: snapshot.model, in: db)
            if let asked = snapshot.version, asked < next {
                throw StoreError.invalidValue(
                    field: "version of \(snapshot.model)", value: "\(asked)",
                    reason: "must be above the newest stored version, \(next - 1)")
            }
            let version = snapshot.version ?? next
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO snapshot (model, version, epoch, seq, rule, family, state, checksum, metrics_json,
                        reason, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            try statement.execute(arguments: [
                snapshot.model, version, epoch, seq, snapshot.rule, snapshot.family, Data(snapshot.state), checksum,
                snapshot.metricsJSON, snapshot.reason.rawValue, now.timeIntervalSince1970,
            ])
            saved.append(
                SnapshotRecord(
                    id: db.lastInsertedRowID, model: snapshot.model, version: version, epoch: snapshot.epoch,
                    seq: snapshot.seq, rule: snapshot.rule, family: snapshot.family, state: snapshot.state,
                    checksum: checksum, metricsJSON: snapshot.metricsJSON, reason: snapshot.reason, createdAt: now))
        }
        for var position in positions {
            position.updatedAt = now
            try position.upsert(db)
            // Every model of the stream has what the journal held up to here.
            try Self.truncateJournal(through: position, in: db)
        }
        return saved
    }

    /// Snapshot `version` of `model`, nil when there is none; throws `StoreError.corruptSnapshot` when its blob
    /// fails its checksum.
    public func snapshot(model: String, version: Int) throws -> SnapshotRecord? {
        guard let record = try read({ db in try Self.fetchSnapshot(model: model, version: version, in: db) }) else {
            return nil
        }
        if let reason = record.corruption {
            throw StoreError.corruptSnapshot(model: model, version: version, reason: reason)
        }
        return record
    }

    /// The snapshots of one model, or of all models, without their blobs: by model, then version.
    public func snapshots(model: String? = nil) throws -> [SnapshotSummary] {
        try read { db in
            var request = SnapshotSummary.order(SnapshotRecord.Columns.model, SnapshotRecord.Columns.version)
            if let model { request = request.filter(SnapshotRecord.Columns.model == model) }
            return try request.fetchAll(db)
        }
    }

    /// The newest snapshot of `model` whose blob matches its checksum and passes `validate` (e.g. the
    /// inference core's decoder; throw to reject), with the newer snapshots that failed, newest first.
    ///
    /// `snapshot` is nil when no snapshot passes; `skipped` then lists every one that failed, so the caller
    /// can tell "never saved" from "all damaged".
    public func latestVerifiedSnapshot(
        model: String, validate: (SnapshotRecord) throws -> Void = { _ in }
    ) throws -> (snapshot: SnapshotRecord?, skipped: [SkippedSnapshot]) {
        let versions = try read { db in
            try Int.fetchAll(
                db, sql: "SELECT version FROM snapshot WHERE model = ? ORDER BY version DESC", arguments: [model])
        }
        var skipped: [SkippedSnapshot] = []
        for version in versions {
            // One blob in memory at a time; a version pruned meanwhile is simply absent.
            guard let record = try read({ db in try Self.fetchSnapshot(model: model, version: version, in: db) })
            else { continue }
            if let reason = record.corruption {
                skipped.append(SkippedSnapshot(model: model, version: version, reason: reason))
                continue
            }
            do {
                try validate(record)
                return (record, skipped)
            } catch {
                skipped.append(SkippedSnapshot(model: model, version: version, reason: String(describing: error)))
            }
        }
        return (nil, skipped)
    }

    /// The newest version of `model` plus one; 1 for a model without snapshots. Prune always keeps the newest
    /// snapshot, so a version number is never reused while the model exists.
    static func nextVersion(of model: String, in db: Database) throws -> Int {
        let newest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM snapshot WHERE model = ?", arguments: [model])
        return (newest ?? 0) + 1
    }

    static func fetchSnapshot(model: String, version: Int, in db: Database) throws -> SnapshotRecord? {
        try SnapshotRecord
            .filter(SnapshotRecord.Columns.model == model && SnapshotRecord.Columns.version == version)
            .fetchOne(db)
    }
}
