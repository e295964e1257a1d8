import Foundation
import GRDB
import Testing
@testable import Persist

/// Opening, migrating and reopening state files.
@Suite struct MigrationTests {
    @Test func aNewFileIsCreatedInNewDirectoriesAndMigrated() throws {
        try StoreFixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("var/lib/blrd/state.sqlite").path
            let store = try StateStore(path: path)
            #expect(FileManager.default.fileExists(atPath: path))
            let facts = try store.read { db in
                (
                    try Schema.migrator.appliedIdentifiers(db),
                    try ["model", "snapshot", "stream_position", "alert", "dead_letter"].allSatisfy {
                        try db.tableExists($0)
                    },
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                    try Int.fetchOne(db, sql: "PRAGMA auto_vacuum")
                )
            }
            #expect(facts.0 == ["v1", "v2", "v3"])
            #expect(facts.1)
            #expect(facts.2 == "wal")
            #expect(facts.3 == 1)
            #expect(facts.4 == 2)  // INCREMENTAL
        }
    }

    @Test func reopeningIsIdempotentAndKeepsData() throws {
        try StoreFixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("state.sqlite").path
            do {
                let store = try StateStore(path: path)
                try StoreFixture.register("m", in: store)
                try store.saveSnapshot(StoreFixture.snapshot("m", seq: 1))
            }
            for _ in 0..<2 {
                let store = try StateStore(path: path)
                let applied = try store.read { db in try Schema.migrator.appliedMigrations(db) }
                #expect(applied == ["v1", "v2", "v3"])
                #expect(try store.models().map(\.name) == ["m"])
                #expect(try store.snapshots(model: "m").map(\.version) == [1])
            }
        }
    }

    @Test func readOnlyOpeningOfAMissingFileSaysSo() throws {
        try StoreFixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("absent.sqlite").path
            let error = #expect(throws: StoreError.self) { try StateStore(readOnlyPath: path) }
            #expect(error == .databaseNotFound(path: path))
            #expect(error?.description.contains(path) == true)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func readOnlyStoreRefusesWrites() throws {
        try StoreFixture.withStore { _, path in
            let reader = try StateStore(readOnlyPath: path)
            #expect(throws: StoreError.readOnly(path: path)) {
                try reader.registerModel(name: "m", stream: "s", fingerprint: "f", specJSON: "{}")
            }
            #expect(try reader.models().isEmpty)
        }
    }

    @Test func aFileThatIsNotAStateDatabaseIsRefusedReadOnly() throws {
        try StoreFixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("other.sqlite").path
            try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
            #expect(throws: StoreError.notMigrated(path: path, missing: ["v1", "v2", "v3"])) {
                try StateStore(readOnlyPath: path)
            }
        }
    }

    @Test func aFileFromANewerBuildIsNotWritten() throws {
        try StoreFixture.withStore { store, path in
            try store.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
            }
            #expect(throws: StoreError.schemaTooNew(path: path, unknownMigrations: ["v99"])) {
                try StateStore(path: path)
            }
            // A reader still reads what it knows.
            #expect(try StateStore(readOnlyPath: path).models().isEmpty)
        }
    }
}
