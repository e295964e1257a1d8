import Foundation
import GRDB
@testable import Persist

/// Temporary databases and sample snapshots for the Persist tests.
enum StoreFixture {
    /// Runs `body` with a fresh directory under the system temporary directory, removed afterwards.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("persist-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }

    /// Runs `body` with a new store at `<fresh directory>/state.sqlite` and that path.
    static func withStore<T>(
        options: StateStore.Options = StateStore.Options(), _ body: (StateStore, String) throws -> T
    ) throws -> T {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("state.sqlite").path
            return try body(StateStore(path: path, options: options), path)
        }
    }

    /// Registers `name` on stream `sea` with a fixed fingerprint.
    static func register(_ name: String, in store: StateStore, fingerprint: String = "linear d=3 K=1 ivon") throws {
        try store.registerModel(name: name, stream: "sea", fingerprint: fingerprint, specJSON: #"{"d": 3}"#)
    }

    /// A snapshot of `model` whose blob is derived from `seq`, so different snapshots differ.
    static func snapshot(
        _ model: String, seq: UInt64?, size: Int = 64, reason: SnapshotReason = .periodic
    ) -> NewSnapshot {
        NewSnapshot(
            model: model, seq: seq, rule: "ivon", family: "gaussian-diagonal",
            state: bytes(count: size, seed: (seq ?? 0) &+ UInt64(model.utf8.count)),
            metricsJSON: #"{"log_loss": 0.5}"#, reason: reason)
    }

    /// Deterministic pseudo-random bytes (SplitMix64).
    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var out = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            z ^= z >> 31
            for shift in stride(from: 0, to: 64, by: 8) where index < count {
                out[index] = UInt8(truncatingIfNeeded: z >> UInt64(shift))
                index += 1
            }
        }
        return out
    }

    /// Flips one byte of a stored blob with raw SQL, leaving the checksum as it was.
    static func corrupt(_ model: String, version: Int, in store: StateStore, at offset: Int = 10) throws {
        try store.write { db in
            let data = try Data.fetchOne(
                db, sql: "SELECT state FROM snapshot WHERE model = ? AND version = ?", arguments: [model, version])
            var bytes = [UInt8](data ?? Data())
            bytes[offset] ^= 0xff
            try db.execute(
                sql: "UPDATE snapshot SET state = ? WHERE model = ? AND version = ?",
                arguments: [Data(bytes), model, version])
        }
    }
}

/// A settable clock for `StateStore.Options.now`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_764_160_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
