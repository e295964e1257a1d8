import Foundation
import Testing
@testable import Persist

/// The blob checksum, and falling back past damaged snapshots.
@Suite struct ChecksumTests {
    struct Undecodable: Error, CustomStringConvertible {
        var description: String { "unsupported state format" }
    }

    @Test func fnv1aMatchesPublishedVectors() {
        #expect(Checksum(of: [] as [UInt8]).description == "fnv1a64:cbf29ce484222325")
        #expect(Checksum(of: Array("a".utf8)).description == "fnv1a64:af63dc4c8601ec8c")
        #expect(Checksum(of: Array("foobar".utf8)).description == "fnv1a64:85944171f73967e8")
        #expect(Checksum(of: "foobar".utf8) == Checksum(of: Array("foobar".utf8)))  // non-contiguous path
        #expect(Checksum(stored: "fnv1a64:85944171f73967e8") == Checksum(of: Array("foobar".utf8)))
        #expect(Checksum(stored: "sha256:85944171f73967e8") == nil)
        #expect(Checksum(stored: "fnv1a64:xyz") == nil)
    }

    @Test func aCorruptedNewestSnapshotFallsBackToThePreviousOne() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            for seq in 1...3 { try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq))) }
            try StoreFixture.corrupt("m", version: 3, in: store)

            let (latest, skipped) = try store.latestVerifiedSnapshot(model: "m")
            #expect(latest?.version == 2)
            #expect(latest?.state == StoreFixture.snapshot("m", seq: 2).state)
            #expect(skipped.map(\.version) == [3])
            #expect(skipped.first?.reason.contains("checksum mismatch") == true)

            let error = #expect(throws: StoreError.self) { try store.snapshot(model: "m", version: 3) }
            if case .corruptSnapshot(let model, let version, _) = error {
                #expect(model == "m" && version == 3)
            } else {
                Issue.record("expected corruptSnapshot, got \(String(describing: error))")
            }
        }
    }

    @Test func aDamagedChecksumTextIsAlsoSkipped() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            for seq in 1...2 { try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq))) }
            try store.write { db in
                try db.execute(sql: "UPDATE snapshot SET checksum = 'garbage' WHERE version = 2")
            }
            let (latest, skipped) = try store.latestVerifiedSnapshot(model: "m")
            #expect(latest?.version == 1)
            #expect(skipped.first?.reason.contains("unreadable checksum 'garbage'") == true)
        }
    }

    @Test func whenEverySnapshotIsDamagedAllAreReported() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            try StoreFixture.register("empty", in: store)
            for seq in 1...2 { try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq))) }
            try StoreFixture.corrupt("m", version: 1, in: store)
            try StoreFixture.corrupt("m", version: 2, in: store, at: 63)

            let damaged = try store.latestVerifiedSnapshot(model: "m")
            #expect(damaged.snapshot == nil)
            #expect(damaged.skipped.map(\.version) == [2, 1])
            let never = try store.latestVerifiedSnapshot(model: "empty")
            #expect(never.snapshot == nil && never.skipped.isEmpty)
        }
    }

    @Test func theCallersValidationCanRejectASnapshot() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            for seq in 1...2 { try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq))) }
            let (latest, skipped) = try store.latestVerifiedSnapshot(model: "m") { record in
                if record.version == 2 { throw Undecodable() }
            }
            #expect(latest?.version == 1)
            #expect(skipped == [SkippedSnapshot(model: "m", version: 2, reason: "unsupported state format")])
        }
    }
}
