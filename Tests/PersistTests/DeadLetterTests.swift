import Foundation
import Testing
@testable import Persist

/// Dead letters: bounded per stream, payloads cut at the limit.
@Suite struct DeadLetterTests {
    @Test func deadLettersStayBoundedPerStream() throws {
        var options = StateStore.Options()
        options.deadLettersPerStream = 5
        try StoreFixture.withStore(options: options) { store, _ in
            for seq in 0..<12 {
                try store.recordDeadLetter(stream: "a", seq: UInt64(seq), reason: "bad json", frames: [[1], [2, 3]])
            }
            for seq in 0..<3 {
                try store.recordDeadLetter(stream: "b", seq: UInt64(seq), reason: "bad shape", frames: [])
            }
            #expect(try store.deadLetters(stream: "a").map(\.seq) == [7, 8, 9, 10, 11])
            #expect(try store.deadLetters(stream: "b").map(\.seq) == [0, 1, 2])
            #expect(try store.deadLetters().count == 8)
            #expect(try store.deadLetters(stream: "a", limit: 2).map(\.seq) == [10, 11])
        }
    }

    @Test func theDefaultBoundIsAThousand() throws {
        try StoreFixture.withStore { store, _ in
            for _ in 0..<1003 { try store.recordDeadLetter(stream: "s", seq: nil, reason: "r", frames: [[0]]) }
            #expect(try store.deadLetters(stream: "s").count == 1000)
        }
    }

    @Test func framesRoundTripAndLargePayloadsAreCut() throws {
        var options = StateStore.Options()
        options.deadLetterPayloadLimit = 100
        try StoreFixture.withStore(options: options) { store, _ in
            let small: [[UInt8]] = [Array("sea".utf8), [], [0, 255, 7]]
            let kept = try store.recordDeadLetter(stream: "sea", seq: 3, reason: "byte length", frames: small)
            #expect(kept.frames == small && !kept.isTruncated)

            let large: [[UInt8]] = [[UInt8](repeating: 1, count: 50), [UInt8](repeating: 2, count: 80), [3]]
            let cut = try store.recordDeadLetter(stream: "sea", seq: nil, reason: "too big", frames: large)
            let stored = try #require(try store.deadLetters(stream: "sea").last)
            #expect(stored == cut)
            #expect(stored.frames.map(\.count) == [50, 42])  // 4 + 50 + 4 + 42 = 100 bytes
            #expect(stored.frames[1] == [UInt8](repeating: 2, count: 42))
            #expect(stored.isTruncated && stored.frameCount == 3 && stored.originalSize == 131)
            #expect(try store.deadLetters(stream: "sea").first?.frames == small)
        }
    }

    @Test func aMalformedPayloadIsReportedNotTrapped() {
        #expect(throws: StoreError.self) { try FramePayload.decode([5, 0, 0, 0, 1, 2]) }
        #expect(throws: StoreError.self) { try FramePayload.decode([1, 0]) }
        #expect((try? FramePayload.decode([])) == [])
    }
}
