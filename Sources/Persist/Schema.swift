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
        migrator.registerMigration("v2", migrate: v2)
        migrator.registerMigration("v3", migrate: v3)
        return migrator
    }

    /// The what-if memory: the newest labelled examples each model learned (`[[model]] whatif_memory` of them),
    /// so a control `whatif` can take some out of the posterior without the stream. Rows are written with the
    /// model's snapshots and hold what those snapshots include; `example_id` has no declared type, so an id
    /// keeps the kind it arrived as (INTEGER or TEXT; NULL without ids); x is d little-endian doubles.
    private static func v3(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE example_memory (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    model TEXT NOT NULL REFERENCES model(name) ON DELETE CASCADE,
                    epoch INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    row INTEGER NOT NULL CHECK (row >= 0),
                    example_id,
                    x BLOB NOT NULL,
                    y REAL NOT NULL,
                    UNIQUE (model, epoch, seq, row)
                );
                CREATE INDEX example_memory_model ON example_memory(model, id);
                """)
    }

    /// Unsigned counters over their whole range, and the ingest journal.
    ///
    /// v1 checked `epoch >= 0` and `seq >= 0`, so a seq of 2⁶³ or more (valid on the wire) could not be stored
    /// and every later snapshot of its stream failed. v2 stores every counter as the Int64 with the same bits
    /// (`StoredInteger`) and rebuilds the four tables without those checks — SQLite cannot drop a CHECK in
    /// place (https://sqlite.org/lang_altertable.html#otheralter: create, copy, drop, rename; GRDB runs the
    /// migration with foreign keys deferred and checks them before it commits).
    ///
    /// `journal` holds every accepted ingest message, in arrival order (`id`), until a snapshot of every model
    /// of its stream includes it.
    private static func v2(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE snapshot_v2 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    model TEXT NOT NULL REFERENCES model(name) ON DELETE CASCADE,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    epoch INTEGER NOT NULL,
                    seq INTEGER,
                    rule TEXT NOT NULL,
                    family TEXT NOT NULL,
                    state BLOB NOT NULL,
                    checksum TEXT NOT NULL,
                    metrics_json TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (model, version)
                );
                INSERT INTO snapshot_v2 SELECT * FROM snapshot;
                DROP TABLE snapshot;
                ALTER TABLE snapshot_v2 RENAME TO snapshot;
                CREATE TABLE stream_position_v2 (
                    stream TEXT NOT NULL PRIMARY KEY CHECK (length(stream) > 0),
                    epoch INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    updated_at REAL NOT NULL
                );
                INSERT INTO stream_position_v2 SELECT * FROM stream_position;
                DROP TABLE stream_position;
                ALTER TABLE stream_position_v2 RENAME TO stream_position;
                CREATE TABLE alert_v2 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    seq INTEGER,
                    version INTEGER,
                    payload_json TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                INSERT INTO alert_v2 SELECT * FROM alert;
                DROP TABLE alert;
                ALTER TABLE alert_v2 RENAME TO alert;
                CREATE INDEX alert_kind_created_at ON alert(kind, created_at);
                CREATE INDEX alert_subject ON alert(subject, created_at);
                CREATE TABLE dead_letter_v2 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    stream TEXT NOT NULL,
                    seq INTEGER,
                    reason TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    frame_count INTEGER NOT NULL CHECK (frame_count >= 0),
                    original_size INTEGER NOT NULL CHECK (original_size >= 0),
                    created_at REAL NOT NULL
                );
                INSERT INTO dead_letter_v2 SELECT * FROM dead_letter;
                DROP TABLE dead_letter;
                ALTER TABLE dead_letter_v2 RENAME TO dead_letter;
                CREATE INDEX dead_letter_stream ON dead_letter(stream, id);
                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    stream TEXT NOT NULL,
                    epoch INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE INDEX journal_stream ON journal(stream, id);
                CREATE INDEX journal_position ON journal(stream, epoch, seq);
                """)
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
