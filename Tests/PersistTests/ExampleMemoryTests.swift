import Foundation
import Testing
@testable import Persist

/// The what-if memory: written with a snapshot, bounded, replaced whole, ids of both kinds, gone with its model.
@Suite struct ExampleMemoryTests {
    static func rows(_ seq: UInt64, count: Int) -> [RememberedExample] {
        (0..<count).map { r in
            RememberedExample(
                epoch: 1, seq: seq, row: r,
                id: r % 2 == 0 ? .int(Int64(seq) * 100 + Int64(r)) : .string("s\(seq)-\(r)"),
                x: [Double(r), -0.1 * Double(seq), .pi], y: Double(r % 3))
        }
    }

    @Test func writtenWithSnapshotsBoundedAndReplaced() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store)
            try store.saveSnapshot(
                StoreFixture.snapshot("m", seq: 1),
                memory: [MemoryWrite(model: "m", replace: false, rows: Self.rows(1, count: 4), limit: 6)])
            #expect(try store.rememberedExamples(model: "m") == Self.rows(1, count: 4))
            try store.saveSnapshot(
                StoreFixture.snapshot("m", seq: 2),
                memory: [MemoryWrite(model: "m", replace: false, rows: Self.rows(2, count: 4), limit: 6)])
            #expect(
                try store.rememberedExamples(model: "m") == Array(Self.rows(1, count: 4).suffix(2))
                    + Self.rows(2, count: 4))
            try store.saveSnapshot(
                StoreFixture.snapshot("m", seq: 3),
                memory: [MemoryWrite(model: "m", replace: true, rows: Self.rows(3, count: 2), limit: 6)])
            #expect(try store.rememberedExamples(model: "m") == Self.rows(3, count: 2))
            _ = try store.deleteModel(name: "m")
            #expect(try store.rememberedExamples(model: "m").isEmpty)
        }
    }
}
