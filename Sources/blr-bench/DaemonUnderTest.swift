#if canImport(Glibc)
    import Glibc
#endif
import Decode
import Foundation
import Inference
import ZeroMQ

/// A `blrd` process for the end-to-end benchmark: it connects to our XPUB (so we see its subscription before
/// sending) and we subscribe to its PUB; a probe stream synchronises our subscriber as in the daemon tests.
final class DaemonUnderTest {
    let directory: URL
    let context: Context
    let ingest: Socket
    let probe: Socket
    let subscriber: Socket
    let process: Process
    let publishEndpoint: String
    let controlEndpoint: String

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// `settings`: more `[daemon]` lines (e.g. the memory settings that fit the run, as an operator would set them).
    /// `streamSettings`: more lines for the `bench` stream's table (e.g. `coalesce = 64`).
    init(blrd: String, features d: Int, model: String, settings: String, streamSettings: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "blr-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        context = try Context()
        ingest = try Socket(context: context, type: .xpub)
        probe = try Socket(context: context, type: .xpub)
        for socket in [ingest, probe] {
            try socket.set(.sendHighWaterMark, 0)
            try socket.set(.linger, 0)
            try socket.bind("tcp://127.0.0.1:*")
        }
        publishEndpoint = try Self.freeEndpoint(context)
        let control = try Self.freeEndpoint(context)
        controlEndpoint = control
        let config = """
            [daemon]
            state = "\(directory.path)/state.sqlite"
            publish = "\(publishEndpoint)"
            control = "\(control)"
            log_level = "warning"
            \(settings)

            [[stream]]
            name = "bench"
            connect = "\(try ingest.lastEndpoint)"
            features = \(d)
            task = "binary"
            \(streamSettings)

            [[stream]]
            name = "probe"
            connect = "\(try probe.lastEndpoint)"
            features = 1
            task = "regression"

            [[model]]
            name = "probe"
            stream = "probe"

            \(model)
            """
        try config.write(to: directory.appendingPathComponent("blrd.toml"), atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: blrd)
        process.arguments = ["--config", directory.appendingPathComponent("blrd.toml").path]
        try process.run()
        for socket in [ingest, probe] {
            try socket.set(.receiveTimeout, 20_000)
            guard let frames = try socket.receive(), frames.first?.first == 1 else {
                throw Failure(description: "blrd did not subscribe")
            }
        }
        subscriber = try Socket(context: context, type: .sub)
        try subscriber.set(.receiveHighWaterMark, 0)
        try subscriber.set(.linger, 0)
        try subscriber.subscribe("model/bench")
        try subscriber.subscribe("pred/bench")
        try subscriber.subscribe("pred/probe")
        try subscriber.connect(publishEndpoint)
        try synchronize()
    }

    /// One control request and its reply.
    func control(_ request: JSONValue) throws -> JSONValue {
        let socket = try Socket(context: context, type: .req)
        defer { socket.close() }
        try socket.set(.linger, 0)
        try socket.set(.receiveTimeout, 10_000)
        try socket.connect(controlEndpoint)
        try socket.send([request.serialized()])
        guard let reply = try socket.receive() else { throw Failure(description: "no control reply") }
        return try JSONValue.parse(reply[0])
    }

    /// A free tcp port on loopback, found by binding and releasing it.
    static func freeEndpoint(_ context: Context) throws -> String {
        let socket = try Socket(context: context, type: .pub)
        defer { socket.close() }
        try socket.bind("tcp://127.0.0.1:*")
        return try socket.lastEndpoint
    }

    private func synchronize() throws {
        try subscriber.set(.receiveTimeout, 100)
        for seq in 0..<200 {
            try probe.send(
                IngestEncoder.binary(
                    stream: "probe", seq: UInt64(seq), batch: try Batch(x: [0], features: 1), integerLabels: false))
            if let frames = try subscriber.receive(),
                frames.first.map({ String(decoding: $0, as: UTF8.self) }) == "pred/probe"
            {
                while try subscriber.receive() != nil {}
                return
            }
        }
        throw Failure(description: "no pred/ from blrd")
    }

    /// The daemon's resident set now, MiB (`VmRSS` in /proc; 0 where there is none).
    var residentMiB: Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kib / 1024
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        for socket in [ingest, probe, subscriber] { socket.close() }
        context.terminate()
        try? FileManager.default.removeItem(at: directory)
    }
}
