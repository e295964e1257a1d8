import Foundation
import Testing
import Vocabulary
@testable import Persist

/// Recording and querying alerts.
@Suite struct AlertTests {
    @Test func alertsFilterByKindSubjectTimeAndLimit() throws {
        let clock = TestClock()
        var options = StateStore.Options()
        options.now = { clock.now }
        try StoreFixture.withStore(options: options) { store, _ in
            let start = clock.now
            let first = try store.recordAlert(
                kind: .drift, subject: "sea-logistic", seq: 10, version: 3, payloadJSON: #"{"detector":"adwin"}"#)
            clock.advance(by: 60)
            try store.recordAlert(kind: .input, subject: "sea", seq: nil, payloadJSON: #"{"reason":"bad json"}"#)
            clock.advance(by: 60)
            try store.recordAlert(kind: .gap, subject: "sea", seq: 20, payloadJSON: #"{"expected":12,"got":20}"#)
            clock.advance(by: 60)
            try store.recordAlert(kind: .drift, subject: "sea-logistic", seq: 30, version: 4)

            let all = try store.alerts()
            #expect(all.map(\.kind) == [.drift, .input, .gap, .drift])
            #expect(all.first == first)
            #expect(all.first?.createdAt == start)
            #expect(try store.alerts(kind: .drift).map(\.seq) == [10, 30])
            #expect(try store.alerts(subject: "sea").map(\.kind) == [.input, .gap])
            #expect(try store.alerts(since: start + 60).map(\.kind) == [.input, .gap, .drift])
            #expect(try store.alerts(kind: .drift, subject: "sea-logistic", limit: 1).map(\.version) == [4])
            #expect(try store.alerts(kind: AlertKind(rawValue: "sensitivity")).isEmpty)

            #expect(try store.deleteAlerts(before: start + 120) == 2)
            #expect(try store.alerts().map(\.kind) == [.gap, .drift])
        }
    }

    /// Seqs at and above 2⁶³ are valid on the wire and are stored losslessly (schema v2).
    @Test func alertSeqsOverTheWholeUnsignedRangeRoundTrip() throws {
        try StoreFixture.withStore { (store, _) throws in
            let seqs: [UInt64] = [0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, .max - 1, .max]
            for seq in seqs { try store.recordAlert(kind: .gap, subject: "s", seq: seq) }
            #expect(try store.alerts().map(\.seq) == seqs)
        }
    }
}
