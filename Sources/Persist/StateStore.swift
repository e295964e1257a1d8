import Foundation
import GRDB

/// The daemon's SQLite state: registered models, snapshots with the stream positions they include, alerts
/// and dead letters.
///
/// A `DatabasePool` in WAL mode: one writer, concurrent readers, readers never blocked by the writer, so
/// `blrctl` reads the file while the daemon writes it. Every method is synchronous and short; each write is
/// one IMMEDIATE transaction, so a snapshot and the stream positions it includes are durable together or
/// not at all. `synchronous = FULL`: a committed snapshot survives power loss, not only a process crash.
///
/// Methods throw `StoreError`, or GRDB's `DatabaseError` for SQLite failures the store does not interpret.
public final class StateStore: Sendable {
    /// Tunables with defaults that suit the daemon.
    public struct Options: Sendable {
        /// How long a write waits for another process's write (e.g. `blrctl prune`) before failing.
        public var busyTimeout: TimeInterval = 5
        /// Dead letters kept per stream; inserting one more deletes the oldest.
        public var deadLettersPerStream: Int = 1000
        /// Alerts kept in all (the newest; older ones are deleted with each insert); 0: no count limit.
        public var alertsKept: Int = 0
        /// The largest dead-letter payload stored, in bytes (frames beyond it are cut).
        public var deadLetterPayloadLimit: Int = 64 * 1024
        /// Whether an existing, empty state file may become a new database (`blrd --init`); otherwise it is
        /// refused, since an empty file is more often lost history than a first start.
        public var allowEmptyFile = false
        /// The clock that stamps rows.
        public var now: @Sendable () -> Date = { Date() }

        public init() {}
    }

    /// The database file.
    public let path: String
    /// Whether the store was opened with `init(readOnlyPath:)`.
    public let isReadOnly: Bool
    let options: Options
    let pool: DatabasePool

    /// Opens (creating it 0600, and its parent directories, when missing), checks and migrates the state
    /// database at `path`. Throws `StoreError.emptyDatabase` or `.unusableDatabase` for a file that exists but
    /// cannot be used as it is (see `StateFile`), `.schemaTooNew` for one a newer build wrote.
    public init(path: String, options: Options = Options()) throws {
        try StateFile.prepare(path, allowEmpty: options.allowEmptyFile)
        self.path = path
        self.isReadOnly = false
        self.options = options
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(readOnly: false, options: options))
            try pool.read { db in try StateFile.verify(db, path: path) }
        } catch {
            throw StateFile.unusable(error, path: path)
        }
        let migrator = Schema.migrator
        let unknown = try pool.read { db in
            try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
        }
        guard unknown.isEmpty else { throw StoreError.schemaTooNew(path: path, unknownMigrations: unknown) }
        do { try migrator.migrate(pool) } catch { throw StateFile.unusable(error, path: path) }
    }

    /// Opens an existing state database for reading only, e.g. `blrctl` while the daemon runs.
    ///
    /// Fails with `StoreError.databaseNotFound` when there is no file, and `StoreError.notMigrated` when the
    /// file lacks a migration this build knows (a file written by a newer build is read as far as it goes).
    public init(readOnlyPath path: String, options: Options = Options()) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.databaseNotFound(path: path) }
        self.path = path
        self.isReadOnly = true
        self.options = options
        pool = try DatabasePool(path: path, configuration: Self.configuration(readOnly: true, options: options))
        let migrator = Schema.migrator
        let missing = try pool.read { db in
            try Set(migrator.migrations).subtracting(migrator.appliedIdentifiers(db)).sorted()
        }
        guard missing.isEmpty else { throw StoreError.notMigrated(path: path, missing: missing) }
    }

    /// Copies the WAL into the database file and truncates the WAL: call at shutdown, or after large writes.
    public func checkpoint() throws {
        try requireWritable()
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// The clock's time as it will read back from a REAL column: `Date` counts from 2001 and the schema from
    /// 1970, so a returned record equals the same row fetched later only when both come from the same Double.
    func timestamp() -> Date {
        Date(timeIntervalSince1970: options.now().timeIntervalSince1970)
    }

    /// Runs `updates` in one IMMEDIATE write transaction: every change commits together or none does.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try requireWritable()
        return try pool.write(updates)
    }

    /// Runs `value` in a read transaction that sees one committed state of the database.
    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) throws -> T {
        try pool.read(value)
    }

    /// Throws `StoreError.readOnly` for a store opened with `init(readOnlyPath:)`.
    func requireWritable() throws {
        if isReadOnly { throw StoreError.readOnly(path: path) }
    }

    private static func configuration(readOnly: Bool, options: Options) -> Configuration {
        var config = Configuration()
        config.label = "blrd.state"
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(options.busyTimeout)
        config.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Takes effect only on a new, empty file (before WAL mode writes its header): prune can then give
            // pages back with `PRAGMA incremental_vacuum`. On an existing file it is a no-op.
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }
}
