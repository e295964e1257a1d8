import GRDB

extension StateStore {
    /// Registers a model at start-up, or checks that the configured one matches the stored one.
    ///
    /// A new name is inserted (`.created`). A known name with the same fingerprint is `.existing`; its stream
    /// and spec JSON are updated to the configured ones (settings outside the fingerprint may change freely).
    /// A known name with another fingerprint throws `StoreError.shapeChanged`: its snapshots no longer fit.
    @discardableResult
    public func registerModel(
        name: String, stream: String, fingerprint: String, specJSON: String
    ) throws -> ModelRegistration {
        guard !name.isEmpty else {
            throw StoreError.invalidValue(field: "model name", value: "\"\"", reason: "a model needs a name")
        }
        let now = timestamp()
        return try write { db in
            guard var stored = try ModelRecord.fetchOne(db, key: name) else {
                let record = ModelRecord(
                    name: name, stream: stream, fingerprint: fingerprint, specJSON: specJSON, createdAt: now)
                try record.insert(db)
                return .created
            }
            guard stored.fingerprint == fingerprint else {
                throw StoreError.shapeChanged(model: name, stored: stored.fingerprint, configured: fingerprint)
            }
            if stored.stream != stream || stored.specJSON != specJSON {
                stored.stream = stream
                stored.specJSON = specJSON
                try stored.update(db)
            }
            return .existing
        }
    }

    /// The registered model of that name, or nil.
    public func model(named name: String) throws -> ModelRecord? {
        try read { db in try ModelRecord.fetchOne(db, key: name) }
    }

    /// Every registered model, by name.
    public func models() throws -> [ModelRecord] {
        try read { db in try ModelRecord.order(ModelRecord.Columns.name).fetchAll(db) }
    }

    /// Deletes a model and all its snapshots (its alerts and its stream's position stay), so that the name
    /// can be registered again with another shape. Returns how many snapshots were deleted.
    @discardableResult
    public func deleteModel(name: String) throws -> Int {
        try write { db in
            let count = try SnapshotRecord.filter(SnapshotRecord.Columns.model == name).fetchCount(db)
            guard try ModelRecord.deleteOne(db, key: name) else { throw StoreError.unknownModel(name) }
            try Self.releaseFreePages(db)
            return count
        }
    }

    /// Shrinks the file by the pages that deletes freed (the file was created with `auto_vacuum =
    /// INCREMENTAL`; on an older file this does nothing and the free pages are reused by later writes).
    static func releaseFreePages(_ db: Database) throws {
        try db.execute(sql: "PRAGMA incremental_vacuum")
    }
}
