import Decode
import Foundation
import Testing

/// `blr-publish --control` against a real blrd: a stream that does not match is refused before anything is sent,
/// and a daemon killed (SIGKILL) and restarted in the middle of a run ends with every batch learned exactly once —
/// the exact (conjugate) model equals the one of an uninterrupted run, with no gap and no rejection.
@Suite(.serialized) struct ResumeTests {
    static let models = """
        [[model]]
        name = "exact"
        stream = "lin"
        likelihood = "gaussian"
        posterior = "full"
        rule = "conjugate"
        noise_variance = 0.25
        snapshot_every = 7

        [[model]]
        name = "ivon"
        stream = "lin"
        likelihood = "gaussian"
        rule = "ivon"
        noise_variance = 0.25
        snapshot_every = 5

        """
    static let probe: JSONValue = ["op": "predict", "model": "exact", "x": [[0.5, -1, 2], [1, 1, 1]]]

    /// A blrd whose stream "lin" (d = 3) binds `endpoint` (blr-publish connects) or connects to it.
    static func daemon(endpoint: String, daemonBinds: Bool) throws -> DaemonHarness {
        let h = try DaemonHarness(
            streams: [], models: models,
            external: [("lin", 3, "regression", daemonBinds ? "bind:" + endpoint : endpoint)])
        try h.start()
        try h.synchronize()
        return h
    }

    static func arguments(_ h: DaemonHarness, endpoint: String, daemonBinds: Bool, batches: Int) -> [String] {
        [
            "--stream", "lin", "--endpoint", endpoint, daemonBinds ? "--connect" : "--bind", "--control",
            h.controlEndpoint,
            "--synthetic", "linear", "--features", "3", "--count", "\(20 * batches)", "--batch", "20", "--quiet",
            "--wait", "30", "--durable-timeout", "30",
        ]
    }

    static func endpoint() -> String {
        "ipc://"
            + FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString.prefix(8))")
            .path
    }

    @Test(arguments: [true, false])
    func killedDaemonLearnsEveryBatchOnce(daemonBinds: Bool) throws {
        let batches = 150
        // Uninterrupted.
        let inA = Self.endpoint()
        let a = try Self.daemon(endpoint: inA, daemonBinds: daemonBinds)
        let (status, output) = try PublishIntoBlrdTests.publish(
            Self.arguments(a, endpoint: inA, daemonBinds: daemonBinds, batches: batches))
        #expect(status == 0, "\(output)")
        let expected = try a.control(Self.probe)
        let described = try a.control(["op": "describe", "stream": "lin"])
        #expect(described["last_seq"]?.exactUInt64 == UInt64(batches - 1))
        #expect(described["durable_seq"]?.exactUInt64 == UInt64(batches - 1), "blr-publish waits for durability")
        #expect(try a.terminate() == 0)

        // Interrupted: SIGKILL once the daemon is a third of the way in, then a restart.
        let inB = Self.endpoint()
        let b = try Self.daemon(endpoint: inB, daemonBinds: daemonBinds)
        let publisher = try BackgroundProcess(
            DaemonHarness.binaries.appendingPathComponent("blr-publish"),
            Self.arguments(b, endpoint: inB, daemonBinds: daemonBinds, batches: batches) + ["--rate", "150"])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline,
            (try b.control(["op": "describe", "stream": "lin"])["last_seq"]?.exactUInt64 ?? 0) < 50
        {
            Thread.sleep(forTimeInterval: 0.01)
        }
        try b.kill()
        Thread.sleep(forTimeInterval: 0.2)  // batches sent meanwhile are lost on the way, and resent
        try b.start()
        let (publishStatus, publishOutput) = try publisher.wait(timeout: 60)
        #expect(publishStatus == 0, "\(publishOutput)")
        #expect(publishOutput.contains("blrd restarted"), "\(publishOutput)")
        let after = try b.control(["op": "describe", "stream": "lin"])
        #expect(after["last_seq"]?.exactUInt64 == UInt64(batches - 1))
        #expect(after["durable_seq"]?.exactUInt64 == UInt64(batches - 1))
        #expect(after["gaps"]?.exactUInt64 == 0 && after["rejected"]?.exactUInt64 == 0, "\(after)")
        let got = try b.control(Self.probe)
        #expect(got["mean"] == expected["mean"] && got["variance"] == expected["variance"], "\(got) vs \(expected)")
        #expect(try b.terminate() == 0)
    }

    /// A bound of about two batches: sending waits for durability, which comes from the snapshots blr-publish
    /// asks for once blrd has applied everything it sent.
    @Test func retentionBoundWaitsInsteadOfDropping() throws {
        let endpoint = Self.endpoint()
        let h = try Self.daemon(endpoint: endpoint, daemonBinds: true)
        let (status, output) = try PublishIntoBlrdTests.publish(
            Self.arguments(h, endpoint: endpoint, daemonBinds: true, batches: 12) + ["--retain-bytes", "1500"])
        #expect(status == 0, "\(output)")
        let described = try h.control(["op": "describe", "stream": "lin"])
        #expect(described["last_seq"]?.exactUInt64 == 11 && described["durable_seq"]?.exactUInt64 == 11)
        #expect(described["batches"]?.exactUInt64 == 12 && described["rejected"]?.exactUInt64 == 0)
        let (refused, message) = try PublishIntoBlrdTests.publish(
            ["--stream", "lin", "--endpoint", endpoint, "--synthetic", "linear", "--retain-bytes", "10"])
        #expect(refused == 64 && message.contains("need --control"), "\(message)")
        #expect(try h.terminate() == 0)
    }

    @Test func mismatchedStreamIsRefusedBeforeSending() throws {
        let endpoint = Self.endpoint()
        let h = try Self.daemon(endpoint: endpoint, daemonBinds: true)
        var arguments = Self.arguments(h, endpoint: endpoint, daemonBinds: true, batches: 3)
        arguments[arguments.firstIndex(of: "--features")! + 1] = "4"
        var (status, output) = try PublishIntoBlrdTests.publish(arguments)
        #expect(status == 1 && output.contains("has 3 features, this run sends 4"), "\(output)")
        (status, output) = try PublishIntoBlrdTests.publish(
            [
                "--stream", "lin", "--endpoint", endpoint, "--control", h.controlEndpoint, "--synthetic", "logistic",
                "--features", "3", "--count", "20", "--quiet", "--wait", "5",
            ])
        #expect(status == 1 && output.contains("its task is regression"), "\(output)")
        (status, output) = try PublishIntoBlrdTests.publish(
            [
                "--stream", "nope", "--endpoint", endpoint, "--control", h.controlEndpoint, "--synthetic", "linear",
                "--features", "3", "--count", "20", "--quiet", "--wait", "5",
            ])
        #expect(status == 1 && output.contains("no stream named 'nope'"), "\(output)")
        // A second run from seq 0 would be rejected whole: refused at start with the way out.
        (status, output) = try PublishIntoBlrdTests.publish(
            Self.arguments(h, endpoint: endpoint, daemonBinds: true, batches: 3))
        #expect(status == 0, "\(output)")
        (status, output) = try PublishIntoBlrdTests.publish(
            Self.arguments(h, endpoint: endpoint, daemonBinds: true, batches: 3))
        #expect(status == 1 && output.contains("--epoch 1"), "\(output)")
        #expect(try h.control(["op": "status"])["streams"]?["lin"]?["rejected"]?.exactUInt64 == 0)
        #expect(try h.terminate() == 0)
    }
}

/// A child process running in the background with stdout and stderr in a temporary file.
final class BackgroundProcess {
    let process = Process()
    private let output: URL
    private let handle: FileHandle

    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("bg-\(UUID().uuidString.prefix(8)).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        handle = try FileHandle(forWritingTo: output)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? handle.close()
        try? FileManager.default.removeItem(at: output)
    }

    /// Waits for the exit (terminating the process after `timeout` seconds): the status and everything printed.
    func wait(timeout: TimeInterval) throws -> (Int32, String) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
