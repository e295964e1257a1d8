import Decode
#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Inference
import Testing
import ZeroMQ

/// A real `blrd` process on a temporary directory and ipc endpoints, with the test playing every peer: an XPUB
/// per stream that the daemon connects to (so the test sees its subscription before sending), a SUB on the
/// daemon's PUB, and a REQ on its control socket. Blocking calls all have timeouts.
final class DaemonHarness {
    struct Message {
        let topic: String
        let header: JSONValue
        let arrays: [[Double]]
    }

    struct HarnessError: Error, CustomStringConvertible { let description: String }

    /// CURVE for the daemon: its key pair, and the one client pair it allows, which every harness socket uses.
    struct Curve {
        let server: CurveKeyPair
        let client: CurveKeyPair

        static func generate() throws -> Curve {
            Curve(server: try CurveKeyPair.generate(), client: try CurveKeyPair.generate())
        }

        /// What a client the daemon allows uses.
        var clientKeys: CurveClientKeys { CurveClientKeys(serverKey: server.publicKey, keys: client) }
    }

    let directory: URL
    let context: Context
    let publishEndpoint: String
    let controlEndpoint: String
    private(set) var ingest: [String: Socket] = [:]
    let subscriber: Socket
    private(set) var process: Process?
    /// The CURVE keys of the harness's sockets; nil without CURVE.
    let curveClient: CurveClientKeys?
    /// blrd's stderr of the newest start, written to a file: a pipe nobody reads while blrd runs fills at 64 KiB
    /// and blocks the thread that logs (a flood of rejections did).
    private var stderrPath: String?
    /// Probes go to a stream of their own, one epoch per synchronisation, so tests' streams start at seq 0
    /// and restarts never collide with earlier probes.
    private var probeEpoch: UInt64 = 0
    static let probeStream = "probe"

    /// The `[[model]]` most daemon tests need: `m` on stream `s`, the exact conjugate rule with a full posterior,
    /// plus `extra` lines (newline-separated keys).
    static func exactModel(extra: String = "") -> String {
        """
        [[model]]
        name = "m"
        stream = "s"
        likelihood = "gaussian"
        posterior = "full"
        rule = "conjugate"
        \(extra)

        """
    }

    /// - Parameter streams: name → (features, task; "multiclass:K" for K classes); `models` is the `[[model]]` TOML.
    /// - Parameter external: streams whose publisher is not the test: blrd connects to `endpoint`, or binds it
    ///   when `endpoint` starts with "bind:".
    /// - Parameter streamKeys: more lines for every test stream's `[[stream]]` table (e.g. `coalesce = 8`).
    /// - Parameter curve: CURVE on every daemon socket; the key files go to `keys/` beside the configuration,
    ///   which names them by relative paths, and the harness's own sockets are the allowed client.
    init(
        streams: [(name: String, features: Int, task: String)], models: String, extraDaemon: String = "",
        external: [(name: String, features: Int, task: String, endpoint: String)] = [], statePath: String? = nil,
        curve: Curve? = nil, streamKeys: String = ""
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("blrd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.statePath = statePath ?? directory.appendingPathComponent("state.sqlite").path
        context = try Context()
        curveClient = curve?.clientKeys
        var extraDaemon = extraDaemon
        if let curve {
            let clients = directory.appendingPathComponent("keys/clients")
            try FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
            try CurveCertificate(keys: curve.server).secretText!
                .write(
                    to: directory.appendingPathComponent("keys/server.key_secret"), atomically: true, encoding: .utf8)
            try CurveCertificate(publicKey: curve.client.publicKey).publicText
                .write(to: clients.appendingPathComponent("harness.key"), atomically: true, encoding: .utf8)
            extraDaemon +=
                "\ncurve_secret_key_file = \"keys/server.key_secret\"\ncurve_allowed_clients = \"keys/clients\"\n"
        }
        // The periodic metrics/ topic would interleave with what tests count; a test that wants it sets it.
        if !extraDaemon.contains("metrics_interval") { extraDaemon += "\nmetrics_interval = 0\n" }
        publishEndpoint = "ipc://\(directory.path)/pub"
        controlEndpoint = "ipc://\(directory.path)/control"
        var toml = """
            [daemon]
            state = "\(self.statePath)"
            publish = "\(publishEndpoint)"
            control = "\(controlEndpoint)"
            log_level = "warning"
            \(extraDaemon)

            """
        for s in streams + [(Self.probeStream, 1, "regression")] {
            let socket = try Socket(context: context, type: .xpub)
            try socket.set(.sendHighWaterMark, 0)
            try socket.set(.linger, 0)
            // Every subscription, also a restarted daemon's repeat of one the socket has seen.
            try socket.set(.xpubVerbose, true)
            if let curveClient { try socket.makeCurveClient(curveClient) }
            let endpoint = "ipc://\(directory.path)/in-\(s.name)"
            try socket.bind(endpoint)
            ingest[s.name] = socket
            // "multiclass:K" names the classes too.
            let task = s.task.split(separator: ":")
            let classes = task.count > 1 ? "classes = \(task[1])\n" : ""
            toml +=
                "[[stream]]\nname = \"\(s.name)\"\nconnect = \"\(endpoint)\"\nfeatures = \(s.features)\ntask = \"\(task[0])\"\n\(classes)\(streamKeys)\n"
        }
        for s in external {
            let endpoint =
                s.endpoint.hasPrefix("bind:") ? "bind = \"\(s.endpoint.dropFirst(5))\"" : "connect = \"\(s.endpoint)\""
            toml += "[[stream]]\nname = \"\(s.name)\"\n\(endpoint)\nfeatures = \(s.features)\ntask = \"\(s.task)\"\n\n"
        }
        toml += models
        toml += "\n[[model]]\nname = \"probe\"\nstream = \"\(Self.probeStream)\"\nsnapshot_every = 1000000\n"
        try toml.write(to: directory.appendingPathComponent("blrd.toml"), atomically: true, encoding: .utf8)
        subscriber = try Socket(context: context, type: .sub)
        try subscriber.set(.receiveHighWaterMark, 0)
        try subscriber.set(.linger, 0)
        if let curveClient { try subscriber.makeCurveClient(curveClient) }
        try subscriber.subscribe("")
    }

    var configURL: URL { directory.appendingPathComponent("blrd.toml") }
    /// The SQLite state file (in `directory` unless the test put it elsewhere, e.g. on a small tmpfs).
    let statePath: String

    deinit {
        if let process, process.isRunning { process.interrupt(); process.waitUntilExit() }
        for socket in ingest.values { socket.close() }
        subscriber.close()
        context.terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    static var binaries: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
    }

    /// Starts blrd and waits until it has subscribed to every stream and our SUB receives its messages.
    /// - Parameter journal: pretend stderr is the systemd journal: `JOURNAL_STREAM` names the stderr file's
    ///   device and inode, as systemd names its stream's (sd-daemon(3)).
    /// - Parameter stderr: where blrd's stderr goes instead of the file `stderrText()` reads (e.g. a pipe nobody
    ///   reads).
    func start(
        environment: [String: String] = [:], arguments: [String] = [], waitForSubscriptions: Bool = true,
        journal: Bool = false, stderr: FileHandle? = nil
    ) throws {
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("blrd")
        process.arguments = ["--config", configURL.path] + arguments
        let path = directory.appendingPathComponent("stderr-\(UUID().uuidString.prefix(8)).log").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        var environment = environment
        if journal {
            var info = stat()
            guard stat(path, &info) == 0 else { throw HarnessError(description: "cannot stat \(path)") }
            environment["JOURNAL_STREAM"] = "\(info.st_dev):\(info.st_ino)"
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = stderr ?? FileHandle(forWritingAtPath: path)
        stderrPath = path
        try process.run()
        self.process = process
        guard waitForSubscriptions else { return }
        for (name, socket) in ingest {
            try socket.set(.receiveTimeout, 10_000)
            while true {
                guard let frames = try socket.receive() else {
                    throw HarnessError(description: "blrd did not subscribe to \(name): \(stderrText())")
                }
                if frames.first?.first == 1 { break }
            }
        }
        try subscriber.connect(publishEndpoint)
    }

    /// Sends unlabelled batches to the probe stream until their `pred/` comes back: from then on our SUB sees
    /// everything blrd publishes. Unlabelled batches change no posterior.
    func synchronize() throws {
        probeEpoch += 1
        var seq: UInt64 = 0
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let probe = try Batch(x: [0], features: 1)
            try send(
                Self.probeStream,
                IngestEncoder.binary(
                    stream: Self.probeStream, seq: seq, epoch: probeEpoch, batch: probe, integerLabels: false))
            seq += 1
            if let m = try receive(timeout: 100), m.topic == "pred/probe" {
                while try receive(timeout: 50) != nil {}
                return
            }
        }
        throw HarnessError(description: "no pred/ from blrd: \(stderrText())")
    }

    func send(_ stream: String, _ frames: [[UInt8]]) throws {
        try ingest[stream]!.send(frames)
    }

    /// The next published message, decoded, or nil after `timeout` ms.
    func receive(timeout: Int32 = 5000) throws -> Message? {
        try subscriber.set(.receiveTimeout, timeout)
        guard let frames = try subscriber.receive(), frames.count >= 2 else { return nil }
        return Message(
            topic: String(decoding: frames[0], as: UTF8.self), header: try JSONValue.parse(frames[1]),
            arrays: frames.dropFirst(2).map { Float64Frame.decode($0) ?? [] })
    }

    /// Messages until `stop` returns true for one (included), or a timeout.
    func receive(until stop: (Message) -> Bool, timeout: Int32 = 10_000) throws -> [Message] {
        var out: [Message] = []
        while let m = try receive(timeout: timeout) {
            out.append(m)
            if stop(m) { return out }
        }
        throw HarnessError(description: "timed out after \(out.count) messages; blrd said: \(stderrText())")
    }

    /// One control request and its reply.
    func control(_ request: JSONValue, timeout: Int32 = 10_000) throws -> JSONValue {
        let socket = try Socket(context: context, type: .req)
        defer { socket.close() }
        try socket.set(.linger, 0)
        try socket.set(.receiveTimeout, timeout)
        if let curveClient { try socket.makeCurveClient(curveClient) }
        try socket.connect(controlEndpoint)
        try socket.send([request.serialized()])
        guard let reply = try socket.receive() else {
            throw HarnessError(description: "no control reply: \(stderrText())")
        }
        return try JSONValue.parse(reply[0])
    }

    /// SIGTERM and the exit status.
    @discardableResult
    func terminate(timeout: TimeInterval = 20) throws -> Int32 {
        guard let process else { return 0 }
        process.terminate()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        guard !process.isRunning else {
            process.interrupt()
            throw HarnessError(description: "blrd did not exit within \(timeout) s")
        }
        self.process = nil
        // Not connected when the newest start did not wait for subscriptions.
        try? subscriber.disconnect(publishEndpoint)
        return process.terminationStatus
    }

    /// SIGKILL: a crash, no final snapshot.
    func kill() throws {
        guard let process else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
        // Not connected when the newest start did not wait for subscriptions.
        try? subscriber.disconnect(publishEndpoint)
    }

    /// Waits for an exit the daemon chose itself (e.g. a refused start) and returns (status, stderr).
    func waitForExit(timeout: TimeInterval = 20) throws -> (Int32, String) {
        guard let process else { throw HarnessError(description: "not started") }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        guard !process.isRunning else { throw HarnessError(description: "blrd is still running") }
        self.process = nil
        return (process.terminationStatus, stderrText())
    }

    func stderrText() -> String {
        guard let path = stderrPath, process?.isRunning != true else { return "(blrd still running)" }
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
