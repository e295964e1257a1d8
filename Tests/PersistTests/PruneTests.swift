import Foundation
import GRDB
import Testing
@testable import Persist

/// Pruning old snapshots.
@Suite struct PruneTests {
    @Test func pruneKeepsTheNewestPerModel() throws {
        try StoreFixture.withStore { store, _ in
            for model in ["a", "b"] {
                try StoreFixture.register(model, in: store)
                for seq in 1...5 { try store.saveSnapshot(StoreFixture.snapshot(model, seq: UInt64(seq))) }
            }
            #expect(try store.prune(keep: 2) == 6)
            #expect(try store.snapshots(model: "a").map(\.version) == [4, 5])
            #expect(try store.snapshots(model: "b").map(\.version) == [4, 5])
            #expect(try store.prune(keep: 2) == 0)
            // Versions keep increasing after a prune.
            #expect(try store.saveSnapshot(StoreFixture.snapshot("a", seq: 6)).version == 6)
        }
    }

    @Test func pruneCanTargetOneModel() throws {
        try StoreFixture.withStore { store, _ in
            for model in ["a", "b"] {
                try StoreFixture.register(model, in: store)
                for seq in 1...3 { try store.saveSnapshot(StoreFixture.snapshot(model, seq: UInt64(seq))) }
            }
            #expect(try store.prune(keep: 1, model: "a") == 2)
            #expect(try store.snapshots(model: "a").map(\.version) == [3])
            #expect(try store.snapshots(model: "b").map(\.version) == [1, 2, 3])
            #expect(throws: StoreError.unknownModel("c")) { try store.prune(keep: 1, model: "c") }
            #expect(throws: StoreError.self) { try store.prune(keep: 0) }
            #expect(try store.snapshots().count == 4)
        }
    }

    @Test func pruneNeverDeletesTheNewestIntactSnapshot() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            for seq in 1...4 { try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq))) }
            try StoreFixture.corrupt("m", version: 3, in: store)
            try StoreFixture.corrupt("m", version: 4, in: store)

            #expect(try store.prune(keep: 2) == 1)
            #expect(try store.snapshots(model: "m").map(\.version) == [2, 3, 4])
            #expect(try store.latestVerifiedSnapshot(model: "m").snapshot?.version == 2)
        }
    }

    @Test func pruneGivesTheSpaceBack() throws {
        try StoreFixture.withStore { store, path in
            try StoreFixture.register("m", in: store)
            for seq in 1...10 {
                try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq), size: 1 << 20))
            }
            try store.checkpoint()
            let before = try fileSize(path)
            #expect(try store.prune(keep: 1) == 9)
            try store.checkpoint()
            let after = try fileSize(path)
            #expect(before > 10 << 20)
            #expect(after < 2 << 20)
            #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") } == 0)
            #expect(try store.latestVerifiedSnapshot(model: "m").snapshot?.seq == 10)
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }
}
