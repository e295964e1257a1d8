import Foundation
import Testing
@testable import Persist

/// Retention by age and count (issue 11): `retain` for a model's snapshots, `alertsKept` and `expire` for
/// alerts and dead letters. A settable clock stamps the rows.
@Suite struct StoreRetentionTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_000_000)
    }

    static func options(_ clock: Clock) -> StateStore.Options {
        var options = StateStore.Options()
        options.now = { clock.now }
        return options
    }

    /// Snapshots one hour apart, versions 1…5 at hours 0…4.
    static func hourly(_ store: StateStore, _ clock: Clock, model: String = "m") throws {
        try StoreFixture.register(model, in: store)
        for seq in 1...5 {
            try store.saveSnapshot(StoreFixture.snapshot(model, seq: UInt64(seq)))
            clock.now += 3600
        }
    }

    @Test func anAgeLimitDeletesOlderSnapshots() throws {
        let clock = Clock()
        try StoreFixture.withStore(options: Self.options(clock)) { store, _ in
            try Self.hourly(store, clock)
            // Now is hour 5: older than 2.5 h are versions 1, 2 and 3 (hours 0, 1, 2).
            #expect(try store.retain(model: "m", keep: nil, before: clock.now - 2.5 * 3600) == 3)
            #expect(try store.snapshots(model: "m").map(\.version) == [4, 5])
        }
    }

    @Test func countAndAgeTogetherKeepTheStricter() throws {
        let clock = Clock()
        try StoreFixture.withStore(options: Self.options(clock)) { store, _ in
            try Self.hourly(store, clock)
            #expect(try store.retain(model: "m", keep: 1, before: clock.now - 10 * 3600) == 4)
            #expect(try store.snapshots(model: "m").map(\.version) == [5])
        }
    }

    /// An idle model: every snapshot is older than the limit, and the newest stays.
    @Test func theNewestSnapshotIsNeverExpired() throws {
        let clock = Clock()
        try StoreFixture.withStore(options: Self.options(clock)) { store, _ in
            try Self.hourly(store, clock)
            #expect(try store.retain(model: "m", keep: nil, before: clock.now + 3600) == 4)
            #expect(try store.snapshots(model: "m").map(\.version) == [5])
        }
    }

    /// The newest snapshot is damaged: the newest intact one survives too, whatever its age.
    @Test func theNewestIntactSnapshotIsNeverExpired() throws {
        let clock = Clock()
        try StoreFixture.withStore(options: Self.options(clock)) { store, _ in
            try Self.hourly(store, clock)
            try StoreFixture.corrupt("m", version: 5, in: store)
            #expect(try store.retain(model: "m", keep: 1, before: clock.now) == 3)
            #expect(try store.snapshots(model: "m").map(\.version) == [4, 5])
        }
    }

    @Test func alertsAreCappedByCountAsTheyAreWritten() throws {
        var options = StateStore.Options()
        options.alertsKept = 3
        try StoreFixture.withStore(options: options) { store, _ in
            for seq in 0..<10 { try store.recordAlert(kind: .input, subject: "s", seq: UInt64(seq)) }
            #expect(try store.alerts().map(\.seq) == [7, 8, 9])
        }
    }

    @Test func alertsAndDeadLettersExpireByAge() throws {
        let clock = Clock()
        try StoreFixture.withStore(options: Self.options(clock)) { store, _ in
            for seq in 0..<4 {
                try store.recordAlert(kind: .input, subject: "s", seq: UInt64(seq))
                try store.recordDeadLetter(stream: "s", seq: UInt64(seq), reason: "bad", frames: [[1, 2]])
                clock.now += 60
            }
            // Now is 240 s: alerts stamped before 90 s (at 0 and 60 s), dead letters before 30 s (at 0 s).
            let deleted = try store.expire(alertsBefore: clock.now - 150, deadLettersBefore: clock.now - 210)
            #expect(deleted.alerts == 2 && deleted.deadLetters == 1)
            #expect(try store.alerts().map(\.seq) == [2, 3])
            #expect(try store.deadLetters().map(\.seq) == [1, 2, 3])
            let none = try store.expire(alertsBefore: nil, deadLettersBefore: nil)
            #expect(none.alerts == 0 && none.deadLetters == 0)
        }
    }
}
