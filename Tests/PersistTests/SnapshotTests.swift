import Foundation
import GRDB
import Testing
@testable import Persist

/// Versions, listings and the atomicity of a snapshot with its stream positions.
@Suite struct SnapshotTests {
    struct Boom: Error {}

    @Test func versionsCountFromOnePerModel() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("a", in: store)
            try StoreFixture.register("b", in: store)
            var versions: [String: [Int]] = [:]
            for (model, seq) in [("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2)] {
                let saved = try store.saveSnapshot(StoreFixture.snapshot(model, seq: UInt64(seq)))
                versions[model, default: []].append(saved.version)
            }
            #expect(versions == ["a": [1, 2, 3], "b": [1, 2]])
            #expect(try store.snapshots(model: "a").map(\.version) == [1, 2, 3])
            #expect(try store.snapshots().map { "\($0.model)@\($0.version)" } == ["a@1", "a@2", "a@3", "b@1", "b@2"])
        }
    }

    @Test func savedFieldsReadBack() throws {
        let clock = TestClock()
        var options = StateStore.Options()
        options.now = { clock.now }
        try StoreFixture.withStore(options: options) { store, _ in
            try StoreFixture.register("m", in: store)
            let new = NewSnapshot(
                model: "m", epoch: 2, seq: nil, rule: "laplace", family: "gaussian-full", state: [1, 2, 3],
                metricsJSON: #"{"mse": 0.25}"#, reason: .initial)
            let saved = try store.saveSnapshot(new)
            let read = try #require(try store.snapshot(model: "m", version: 1))
            #expect(read == saved)
            #expect(read.epoch == 2 && read.seq == nil && read.state == [1, 2, 3] && read.reason == .initial)
            #expect(read.createdAt == clock.now)
            #expect(read.checksum == Checksum(of: [1, 2, 3] as [UInt8]).description)
            let summary = try #require(try store.snapshots(model: "m").first)
            #expect(summary == saved.summary)
            #expect(summary.stateSize == 3)
            #expect(try store.snapshot(model: "m", version: 2) == nil)
        }
    }

    @Test func severalModelsAndTheirStreamPositionCommitTogether() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("a", in: store)
            try StoreFixture.register("b", in: store)
            let saved = try store.saveSnapshots(
                [StoreFixture.snapshot("a", seq: 41), StoreFixture.snapshot("b", seq: 41)],
                positions: [StreamPosition(stream: "sea", epoch: 1, seq: 41)])
            #expect(saved.map(\.version) == [1, 1])
            try store.saveSnapshots(
                [StoreFixture.snapshot("a", seq: 99)], positions: [StreamPosition(stream: "sea", epoch: 1, seq: 99)])
            let position = try #require(try store.streamPosition(stream: "sea"))
            #expect(position.epoch == 1 && position.seq == 99)
            #expect(try store.streamPositions().map(\.stream) == ["sea"])
            #expect(try store.streamPosition(stream: "other") == nil)
        }
    }

    @Test func aFailingPositionRollsBackTheSnapshotsBeforeIt() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            try store.saveSnapshot(
                StoreFixture.snapshot("m", seq: 1), positions: [StreamPosition(stream: "sea", seq: 1)])
            // The snapshot row is inserted first; the empty stream name then breaks a CHECK constraint.
            #expect(throws: DatabaseError.self) {
                try store.saveSnapshot(
                    StoreFixture.snapshot("m", seq: 2), positions: [StreamPosition(stream: "", seq: 2)])
            }
            // A failing second position rolls back the snapshot row and the first position.
            #expect(throws: DatabaseError.self) {
                try store.saveSnapshot(
                    StoreFixture.snapshot("m", seq: 3),
                    positions: [StreamPosition(stream: "sea", seq: 3), StreamPosition(stream: "", seq: 3)])
            }
            #expect(try store.snapshots(model: "m").map(\.version) == [1])
            #expect(try store.streamPositions().map(\.seq) == [1])
        }
    }

    /// v1 could not store a seq ≥ 2⁶³, so one such message broke every later snapshot of its stream.
    @Test func epochsAndSeqsAboveInt64MaxRoundTrip() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            let big = UInt64(Int64.max) + 7
            var snapshot = StoreFixture.snapshot("m", seq: .max)
            snapshot.epoch = big
            try store.saveSnapshot(snapshot, positions: [StreamPosition(stream: "sea", epoch: big, seq: .max)])
            let summary = try #require(try store.snapshots(model: "m").last)
            #expect(summary.seq == .max)
            #expect(summary.epoch == big)
            let position = try #require(try store.streamPosition(stream: "sea"))
            #expect(position.seq == .max)
            #expect(position.epoch == big)
        }
    }

    @Test func anErrorInsideTheTransactionLeavesNothingBehind() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            #expect(throws: Boom.self) {
                try store.write { db in
                    let saved = try store.insert(
                        [StoreFixture.snapshot("m", seq: 5)], checksums: ["fnv1a64:0000000000000000"],
                        positions: [StreamPosition(stream: "sea", seq: 5)], at: Date(), in: db)
                    #expect(saved.count == 1)
                    #expect(try SnapshotRecord.fetchCount(db) == 1)  // visible inside the transaction …
                    throw Boom()
                }
            }
            #expect(try store.snapshots().isEmpty)  // … and gone after it
            #expect(try store.streamPosition(stream: "sea") == nil)
        }
    }

    @Test func anUnknownModelLaterInTheBatchRollsBackEarlierSnapshots() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("a", in: store)
            #expect(throws: StoreError.unknownModel("ghost")) {
                try store.saveSnapshots(
                    [StoreFixture.snapshot("a", seq: 1), StoreFixture.snapshot("ghost", seq: 1)],
                    positions: [StreamPosition(stream: "sea", seq: 1)])
            }
            #expect(try store.snapshots().isEmpty)
            #expect(try store.streamPositions().isEmpty)
        }
    }
}

/// Snapshots named by the caller's version (the daemon's posterior version).
@Suite struct ExplicitVersionTests {
    @Test func anExplicitVersionIsKeptAndMustIncrease() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            var snapshot = StoreFixture.snapshot("m", seq: 3)
            snapshot.version = 17
            #expect(try store.saveSnapshot(snapshot).version == 17)
            #expect(try store.saveSnapshot(StoreFixture.snapshot("m", seq: 4)).version == 18)
            snapshot.version = 18
            #expect(throws: StoreError.self) { try store.saveSnapshot(snapshot) }
            #expect(try store.snapshots(model: "m").map(\.version) == [17, 18])
        }
    }
}
