import Decode
import Foundation
import Inference
import Testing

/// Honest start-up (issue 8): a state file that exists but cannot be used as it is — empty, not a database,
/// truncated, read-only — stops blrd with exit 78 and the fix in its message, never a silent first start;
/// a new state file is readable by the daemon's user only.
@Suite(.serialized) struct StartupTests {
    static let models = DaemonHarness.exactModel(extra: "snapshot_every = 2")

    static func frames(_ seq: UInt64) throws -> [[UInt8]] {
        let x = (0..<12).map { Double(($0 * 7 + Int(seq)) % 5) - 2 }
        return IngestEncoder.binary(
            stream: "s", seq: seq, batch: try Batch(x: x, y: [1, 0.5, -1, 2], features: 3), integerLabels: false)
    }

    /// Starts blrd on the harness's state as it is and expects it to refuse: (status, stderr).
    static func refusal(_ h: DaemonHarness, arguments: [String] = []) throws -> (Int32, String) {
        try h.start(arguments: arguments, waitForSubscriptions: false)
        return try h.waitForExit()
    }

    @Test func aNewStateFileIsPrivate() throws {
        let h = try DaemonHarness(streams: [("s", 3, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        for seq: UInt64 in 0..<4 { try h.send("s", try Self.frames(seq)) }
        _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == 3 }
        for path in [h.statePath, h.statePath + "-wal"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(path): \(String(mode, radix: 8))")
        }
        #expect(try h.terminate() == 0)
    }

    @Test func anEmptyFileIsRefusedUnlessInitialised() throws {
        let h = try DaemonHarness(streams: [("s", 3, "regression")], models: Self.models)
        #expect(FileManager.default.createFile(atPath: h.statePath, contents: Data()))
        let (status, stderr) = try Self.refusal(h)
        #expect(status == 78)
        #expect(stderr.contains("is empty") && stderr.contains("blrd --init"), "\(stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: h.statePath)[.size] as? Int == 0)

        try h.start(arguments: ["--init"])
        try h.synchronize()
        try h.send("s", try Self.frames(0))
        _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == 0 }
        #expect(try h.terminate() == 0)
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let h = try DaemonHarness(streams: [("s", 3, "regression")], models: Self.models)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: h.statePath))
        let (status, stderr) = try Self.refusal(h)
        #expect(status == 78)
        #expect(stderr.contains("not an SQLite database") && stderr.contains("restore it from a backup"), "\(stderr)")
    }

    @Test func aTruncatedFileIsRefused() throws {
        let h = try DaemonHarness(streams: [("s", 3, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        for seq: UInt64 in 0..<40 { try h.send("s", try Self.frames(seq)) }
        _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == 39 }
        #expect(try h.terminate() == 0)
        // Shutdown checkpoints the WAL into the file; cut the file in the middle of its pages.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: h.statePath)[.size] as? Int)
        #expect(size > 8192)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: h.statePath))
        try handle.truncate(atOffset: UInt64(size / 2 + 100))
        try handle.close()
        let (status, stderr) = try Self.refusal(h)
        #expect(status == 78)
        #expect(stderr.contains("cannot be used as blrd's state"), "\(stderr)")
    }

    @Test(.enabled(if: Tmpfs.isAvailable, "needs root to mount a tmpfs")) func aReadOnlyFileIsRefused() throws {
        let disk = try Tmpfs(kibibytes: 4096)
        let h = try DaemonHarness(
            streams: [("s", 3, "regression")], models: Self.models, statePath: disk.path + "/state.sqlite")
        try h.start()
        try h.synchronize()
        try h.send("s", try Self.frames(0))
        _ = try h.receive { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == 0 }
        #expect(try h.terminate() == 0)
        try disk.remount(readOnly: true)
        let (status, stderr) = try Self.refusal(h)
        #expect(status == 78)
        #expect(stderr.contains("not readable and writable") && stderr.contains("Read-only file system"), "\(stderr)")
    }
}
