import Foundation
import Testing
@testable import Persist

/// WAL readers beside the writer, crashes, checkpoints and large blobs.
@Suite struct DurabilityTests {
    @Test func aReadOnlyStoreSeesTheWritersCommits() throws {
        try StoreFixture.withStore { writer, path in
            try StoreFixture.register("m", in: writer)
            try writer.saveSnapshot(
                StoreFixture.snapshot("m", seq: 1), positions: [StreamPosition(stream: "sea", seq: 1)])
            let reader = try StateStore(readOnlyPath: path)
            #expect(try reader.snapshots(model: "m").map(\.version) == [1])

            try writer.saveSnapshot(
                StoreFixture.snapshot("m", seq: 2), positions: [StreamPosition(stream: "sea", seq: 2)])
            #expect(try reader.snapshots(model: "m").map(\.version) == [1, 2])
            #expect(try reader.latestVerifiedSnapshot(model: "m").snapshot?.seq == 2)
            #expect(try reader.streamPosition(stream: "sea")?.seq == 2)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func aReadOnlyStoreOpensAFileNoDaemonHasOpen() throws {
        try StoreFixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("state.sqlite").path
            do {
                let writer = try StateStore(path: path)
                try StoreFixture.register("m", in: writer)
                try writer.saveSnapshot(StoreFixture.snapshot("m", seq: 7))
            }
            // The last connection to close checkpointed and removed the WAL.
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            let reader = try StateStore(readOnlyPath: path)
            #expect(try reader.latestVerifiedSnapshot(model: "m").snapshot?.seq == 7)
        }
    }

    @Test func aCrashImageKeepsEveryCommittedSnapshot() throws {
        try StoreFixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("live.sqlite").path
            let crashed = directory.appendingPathComponent("crashed.sqlite").path
            let writer = try StateStore(path: path)
            try StoreFixture.register("m", in: writer)
            for seq in 1...5 {
                try writer.saveSnapshot(
                    StoreFixture.snapshot("m", seq: UInt64(seq)),
                    positions: [StreamPosition(stream: "sea", seq: UInt64(seq))])
            }
            // What a killed process leaves: the database file and its WAL, never checkpointed.
            let walSize = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
            #expect(walSize > 0)
            try FileManager.default.copyItem(atPath: path, toPath: crashed)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")

            let recovered = try StateStore(path: crashed)
            #expect(try recovered.snapshots(model: "m").map(\.version) == [1, 2, 3, 4, 5])
            #expect(
                try recovered.latestVerifiedSnapshot(model: "m").snapshot?.state
                    == StoreFixture.snapshot("m", seq: 5).state)
            #expect(try recovered.streamPosition(stream: "sea")?.seq == 5)
            withExtendedLifetime(writer) {}  // the "crashed" writer was still running when the files were copied
        }
    }

    @Test func droppingTheStoreWithoutACheckpointKeepsEverything() throws {
        try StoreFixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("state.sqlite").path
            do {
                let store = try StateStore(path: path)
                try StoreFixture.register("m", in: store)
                for seq in 1...3 { try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq))) }
            }
            let reopened = try StateStore(path: path)
            #expect(try reopened.snapshots(model: "m").map(\.seq) == [1, 2, 3])
            try reopened.checkpoint()
            let walSize = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? -1
            #expect(walSize == 0)
        }
    }

    @Test func aTenMegabyteBlobRoundTripsBitExactly() throws {
        try StoreFixture.withStore { store, path in
            try StoreFixture.register("big", in: store)
            let state = StoreFixture.bytes(count: 10 << 20, seed: 42)
            let new = NewSnapshot(
                model: "big", seq: 1, rule: "laplace", family: "gaussian-full", state: state, reason: .shutdown)
            let saved = try store.saveSnapshot(new)
            #expect(saved.checksum == Checksum(of: state).description)

            let reader = try StateStore(readOnlyPath: path)
            let latest = try #require(try reader.latestVerifiedSnapshot(model: "big").snapshot)
            #expect(latest.state == state)
            #expect(latest == saved)
            #expect(try store.snapshot(model: "big", version: 1)?.state == state)
            #expect(try reader.snapshots(model: "big").first?.stateSize == 10 << 20)
        }
    }
}
