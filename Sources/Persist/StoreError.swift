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
