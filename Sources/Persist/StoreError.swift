/// Why the state store refused an operation, in words an operator can act on.
///
/// SQLite failures that are not covered here (a full disk, a constraint the schema enforces) surface as
/// GRDB's `DatabaseError`, whose description carries SQLite's own message.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `init(readOnlyPath:)` was given a path with no database file.
    case databaseNotFound(path: String)
    /// The file exists but is not a blrd state database with every migration this build knows applied.
    case notMigrated(path: String, missing: [String])
    /// The file was migrated by a newer blrd; this build refuses to write to it.
    case schemaTooNew(path: String, unknownMigrations: [String])
    /// The state file exists but is empty: never taken as a first start, which would silently drop history.
    case emptyDatabase(path: String)
    /// The state file cannot be used as it is: not a database, truncated, damaged, unreadable or read-only.
    case unusableDatabase(path: String, reason: String)
    /// A write was attempted through a store opened with `init(readOnlyPath:)`.
    case readOnly(path: String)
    /// The configuration describes a model whose shape or rule differs from the one stored under its name.
    case shapeChanged(model: String, stored: String, configured: String)
    /// No model of that name is registered.
    case unknownModel(String)
    /// A snapshot's blob does not match its checksum.
    case corruptSnapshot(model: String, version: Int, reason: String)
    /// A value cannot be stored (an unsigned number above Int64.max, an empty name, …).
    case invalidValue(field: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .databaseNotFound(let path):
            return "no state database at \(path): start blrd once to create it, or pass the right --db/--config"
        case .notMigrated(let path, let missing):
            return "\(path) is not an up-to-date blrd state database (missing migrations: "
                + "\(missing.joined(separator: ", "))): start blrd with this file to migrate it"
        case .schemaTooNew(let path, let unknown):
            return "\(path) was written by a newer blrd (unknown migrations: \(unknown.joined(separator: ", "))): "
                + "upgrade blrd, or point the config at another state file"
        case .emptyDatabase(let path):
            return "\(path) is empty (0 bytes), so it holds no models: if the history was lost, restore the file "
                + "from a backup; to start from scratch on purpose, delete it or run `blrd --init`"
        case .unusableDatabase(let path, let reason):
            return "\(path) cannot be used as blrd's state (\(reason)): restore it from a backup, fix its permissions "
                + "or mount, or move it away to start from scratch"
        case .readOnly(let path):
            return "\(path) is open read-only: write through the daemon's control socket or open it writable"
        case .shapeChanged(let model, let stored, let configured):
            return "model '\(model)' was stored with \(stored), the config now says \(configured): restore the "
                + "old config, delete the model's stored history (`blrctl prune --model \(model) --all`), "
                + "or give the changed model a new name"
        case .unknownModel(let name):
            return "no model named '\(name)' in the state database"
        case .corruptSnapshot(let model, let version, let reason):
            return "snapshot \(model)@\(version) is corrupt (\(reason)): restore another version"
        case .invalidValue(let field, let value, let reason):
            return "cannot store \(field) = \(value): \(reason)"
        }
    }
}
