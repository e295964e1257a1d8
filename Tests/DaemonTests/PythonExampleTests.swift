import Foundation
import Testing

/// streams/publish.py and streams/subscribe.py against a real blrd, when python3 has pyzmq and numpy (CI
/// installs them; elsewhere the test is skipped and says so).
@Suite(.serialized) struct PythonExampleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let pythonReady: Bool = {
        (try? run("/usr/bin/env", ["python3", "-c", "import zmq, numpy"], timeout: 30).status) == 0
    }()

    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("py-\(UUID().uuidString.prefix(8)).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        defer { try? FileManager.default.removeItem(at: out) }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }

    @Test(.enabled(if: pythonReady, "python3 with pyzmq and numpy is not installed"))
    func publishAndSubscribeExamplesTalkToBlrd() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "py-\(UUID().uuidString.prefix(8))")
        let endpoint = "ipc://\(directory.path)-in"
        let h = try DaemonHarness(
            streams: [], models: "[[model]]\nname = \"m\"\nstream = \"sensors\"\nnoise_variance = 0.25\n",
            external: [("sensors", 8, "regression", endpoint)])
        try h.start()
        try h.synchronize()
        // subscribe.py in the background: it prints the first 30 messages it sees.
        let subscriberOutput = h.directory.appendingPathComponent("sub.txt")
        _ = FileManager.default.createFile(atPath: subscriberOutput.path, contents: nil)
        let subscriber = Process()
        subscriber.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        subscriber.arguments = [
            "python3", Self.repository.appendingPathComponent("streams/subscribe.py").path,
            "--daemon", h.publishEndpoint, "--topic", "model/", "--count", "5",
        ]
        subscriber.standardOutput = try FileHandle(forWritingTo: subscriberOutput)
        try subscriber.run()
        defer { if subscriber.isRunning { subscriber.terminate() } }

        let (status, output) = try Self.run(
            "/usr/bin/env",
            [
                "python3", Self.repository.appendingPathComponent("streams/publish.py").path, "--endpoint", endpoint,
                "--daemon", h.publishEndpoint, "--batches", "40", "--batch", "16",
            ],
            timeout: 60)
        #expect(status == 0, "\(output)")
        #expect(output.contains("model/m"), "\(output)")
        #expect(output.contains("pred/m"), "\(output)")
        let reply = try h.control(["op": "status"])
        #expect(reply["streams"]?["sensors"]?["batches"]?.exactUInt64 == 40)
        #expect(reply["models"]?["m"]?["version"]?.exactUInt64 == 41)
        let deadline = Date().addingTimeInterval(20)
        while subscriber.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(subscriber.terminationStatus == 0)
        let lines = try String(contentsOf: subscriberOutput, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5 && lines.allSatisfy { $0.hasPrefix("model/m") }, "\(lines)")
        #expect(try h.terminate() == 0)
    }
}
