import GRDB

/// The database schema as a list of named migrations.
///
/// A migration that has shipped is never edited: a change to the schema is a new migration ("v2", …)
/// appended below. Unsigned numbers (epoch, seq) are stored as INTEGER and checked non-negative; times are
/// REAL seconds since 1970.
enum Schema {
    /// Every migration this build knows, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        return migrator
    }

    /// Models, snapshots, stream positions, alerts and dead letters.
    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE model (
                    name TEXT NOT NULL PRIMARY KEY CHECK (length(name) > 0),
                    stream TEXT NOT NULL,
                    spec_fingerprint TEXT NOT NULL,
                    spec_json TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE snapshot (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    model TEXT NOT NULL REFERENCES model(name) ON DELETE CASCADE,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    epoch INTEGER NOT NULL CHECK (epoch >= 0),
                    seq INTEGER CHECK (seq >= 0),
                    rule TEXT NOT NULL,
                    family TEXT NOT NULL,
                    state BLOB NOT NULL,
                    checksum TEXT NOT NULL,
                    metrics_json TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (model, version)
                );
                CREATE TABLE stream_position (
                    stream TEXT NOT NULL PRIMARY KEY CHECK (length(stream) > 0),
                    epoch INTEGER NOT NULL CHECK (epoch >= 0),
                    seq INTEGER NOT NULL CHECK (seq >= 0),
                    updated_at REAL NOT NULL
                );
                CREATE TABLE alert (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    seq INTEGER CHECK (seq >= 0),
                    version INTEGER,
                    payload_json TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE INDEX alert_kind_created_at ON alert(kind, created_at);
                CREATE INDEX alert_subject ON alert(subject, created_at);
                CREATE TABLE dead_letter (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    stream TEXT NOT NULL,
                    seq INTEGER CHECK (seq >= 0),
                    reason TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    frame_count INTEGER NOT NULL CHECK (frame_count >= 0),
                    original_size INTEGER NOT NULL CHECK (original_size >= 0),
                    created_at REAL NOT NULL
                );
                CREATE INDEX dead_letter_stream ON dead_letter(stream, id);
                """)
    }
}
