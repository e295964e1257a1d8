import Foundation
import Testing
import ZeroMQ

/// blrctl, blr-publish and the Python examples against a blrd with CURVE: with a key pair from `blrctl keygen`
/// that the daemon allows they are served; without CURVE options, or with a key it does not know, they are not.
@Suite(.serialized) struct CurveToolsTests {
    static func tool(_ name: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> (Int32, String) {
        try PythonExampleTests.run(
            DaemonHarness.binaries.appendingPathComponent(name).path, arguments, timeout: timeout)
    }

    /// A CURVE daemon whose allowed clients include `tool` (made by `blrctl keygen` before it starts), its
    /// public certificate at `keys/server.key`, and a stream "g" it binds for publishers to connect to.
    static func start() throws -> (h: DaemonHarness, keys: URL, guarded: String) {
        let curve = try DaemonHarness.Curve.generate()
        let scratch = try Context()
        let guarded = try CurveDaemonTests.freeEndpoint(scratch)
        scratch.terminate()
        let h = try DaemonHarness(
            streams: [], models: "[[model]]\nname = \"guarded\"\nstream = \"g\"\nnoise_variance = 0.25\n",
            external: [("g", 2, "regression", "bind:" + guarded)], curve: curve)
        let keys = h.directory.appendingPathComponent("keys")
        try CurveCertificate(publicKey: curve.server.publicKey).publicText
            .write(to: keys.appendingPathComponent("server.key"), atomically: true, encoding: .utf8)
        for name in ["tool", "stranger"] {
            let (status, output) = try tool(
                "blrctl", ["keygen", "--output", keys.appendingPathComponent("own").path, "--name", name])
            #expect(status == 0, "\(output)")
        }
        try FileManager.default.copyItem(
            at: keys.appendingPathComponent("own/tool.key"), to: keys.appendingPathComponent("clients/tool.key"))
        try h.start()
        try h.synchronize()
        return (h, keys, guarded)
    }

    @Test func blrctlAndBlrPublishWithAnAllowedKey() async throws {
        try await offThePool {
            let (h, keys, guarded) = try Self.start()
            let server = keys.appendingPathComponent("server.key").path
            let allowed = [
                "--curve-server-key", server, "--curve-secret-key",
                keys.appendingPathComponent("own/tool.key_secret").path,
            ]
            let stranger = [
                "--curve-server-key", server, "--curve-secret-key",
                keys.appendingPathComponent("own/stranger.key_secret").path,
            ]

            let (status, output) = try Self.tool(
                "blrctl", ["--control", h.controlEndpoint] + allowed + ["status", "--json"])
            #expect(status == 0 && output.contains("\"instance\""), "\(output)")
            let (plainStatus, plain) = try Self.tool(
                "blrctl", ["--control", h.controlEndpoint, "--timeout", "1", "status"])
            #expect(plainStatus == 1 && plain.contains("--curve-server-key"), "\(plain)")
            let (strangerStatus, refused) = try Self.tool(
                "blrctl", ["--control", h.controlEndpoint, "--timeout", "1"] + stranger + ["status"])
            #expect(strangerStatus == 1 && refused.contains("curve_allowed_clients"), "\(refused)")

            let publish = [
                "--stream", "g", "--endpoint", guarded, "--connect", "--synthetic", "linear", "--features", "2",
                "--count", "30", "--batch", "10", "--quiet",
            ]
            let (unknown, unknownOutput) = try Self.tool("blr-publish", publish + stranger + ["--wait", "1"])
            #expect(unknown == 2 && unknownOutput.contains("curve_allowed_clients"), "\(unknownOutput)")
            let (sent, sentOutput) = try Self.tool("blr-publish", publish + allowed + ["--wait", "20"])
            #expect(sent == 0, "\(sentOutput)")
            _ = try h.receive { $0.topic == "model/guarded" && $0.header["seq"]?.exactUInt64 == 2 }
            let reply = try h.control(["op": "status"])
            #expect(reply["streams"]?["g"]?["batches"]?.exactUInt64 == 3)
            #expect(try h.terminate() == 0)
        }
    }

    @Test(.enabled(if: PythonExampleTests.pythonReady, "python3 with pyzmq and numpy is not installed"))
    func pythonExamplesWithAnAllowedKey() async throws {
        try await offThePool {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pyc-\(UUID().uuidString.prefix(8))")
            let endpoint = "ipc://\(directory.path)-in"
            let curve = try DaemonHarness.Curve.generate()
            let h = try DaemonHarness(
                streams: [], models: "[[model]]\nname = \"m\"\nstream = \"sensors\"\nnoise_variance = 0.25\n",
                external: [("sensors", 8, "regression", endpoint)], curve: curve)
            let keys = h.directory.appendingPathComponent("keys")
            try CurveCertificate(publicKey: curve.server.publicKey).publicText
                .write(to: keys.appendingPathComponent("server.key"), atomically: true, encoding: .utf8)
            // The harness's own client pair, as a secret certificate the scripts read with zmq.auth.
            try CurveCertificate(keys: curve.client).secretText!
                .write(to: keys.appendingPathComponent("harness.key_secret"), atomically: true, encoding: .utf8)
            try h.start()
            try h.synchronize()
            let curveOptions = [
                "--curve-server-key", keys.appendingPathComponent("server.key").path,
                "--curve-secret-key", keys.appendingPathComponent("harness.key_secret").path,
            ]
            let script = { (name: String) in
                PythonExampleTests.repository.appendingPathComponent("streams/\(name)").path
            }
            // subscribe.py in the background prints the first model/ message it sees; publish.py sends 20 batches.
            let subscriberOutput = h.directory.appendingPathComponent("sub.txt")
            _ = FileManager.default.createFile(atPath: subscriberOutput.path, contents: nil)
            let subscriber = Process()
            subscriber.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            subscriber.arguments =
                [
                    "python3", script("subscribe.py"), "--daemon", h.publishEndpoint, "--topic", "model/",
                    "--count", "1",
                ] + curveOptions
            subscriber.standardOutput = try FileHandle(forWritingTo: subscriberOutput)
            try subscriber.run()
            defer { if subscriber.isRunning { subscriber.terminate() } }
            let (status, output) = try PythonExampleTests.run(
                "/usr/bin/env",
                [
                    "python3", script("publish.py"), "--endpoint", endpoint, "--daemon", h.publishEndpoint, "--batches",
                    "20",
                    "--batch", "16",
                ] + curveOptions,
                timeout: 60)
            #expect(status == 0 && output.contains("model/m"), "\(output)")
            #expect(try h.control(["op": "status"])["streams"]?["sensors"]?["batches"]?.exactUInt64 == 20)
            let deadline = Date().addingTimeInterval(20)
            while subscriber.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            #expect(!subscriber.isRunning && subscriber.terminationStatus == 0)
            #expect(try String(contentsOf: subscriberOutput, encoding: .utf8).hasPrefix("model/m"))
            #expect(try h.terminate() == 0)
        }
    }
}
