import Decode
import Foundation
import Testing
import ZeroMQ

/// Plays the daemon's side for `blr-publish` tests: a real SUB socket subscribed to the stream, connected to or
/// bound at a fresh `tcp://127.0.0.1` port, receiving while the real `blr-publish` binary runs.
enum PublishHarness {
    /// Which side binds: blr-publish's `--connect` (the test's SUB binds) or `--bind` (the SUB connects).
    enum Side: String, Sendable, CaseIterable {
        case connect
        case bind
    }

    /// A finished run: the process's result and every message the subscriber received, in order.
    struct Run: Sendable {
        let result: ToolProcess.Result
        let messages: [[[UInt8]]]
    }

    /// The built `blr-publish`, or nil with an `Issue` recorded.
    static func executable(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        ToolProcess.executable("blr-publish", sourceLocation: sourceLocation)
    }

    /// Runs `blr-publish arguments --endpoint … --<side>` with a SUB subscribed to `stream` on the other end, and
    /// collects what arrives until the process has exited and nothing more comes. The arguments must not name
    /// the endpoint or the side. Returns nil (with an `Issue`) when the binary is not built.
    ///
    /// `received`, when given, runs on the subscriber's thread after each message with its 0-based index and the
    /// SUB socket: to play a slow subscriber, or one that leaves and comes back.
    static func publish(
        _ arguments: [String], stream: String = "sea", side: Side = .connect, timeout: Double = 60,
        receiveHighWaterMark: Int32 = 1000, received: (@Sendable (Int, Socket) throws -> Void)? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Run? {
        guard let executable = executable(sourceLocation: sourceLocation) else { return nil }
        return try await onThread {
            let context = try Context()
            let sub = try Socket(context: context, type: .sub)
            defer { sub.close() }
            try sub.set(.receiveTimeout, 200)
            try sub.set(.receiveHighWaterMark, receiveHighWaterMark)
            let endpoint: String
            switch side {
            case .connect:
                try sub.bind("tcp://127.0.0.1:*")
                endpoint = try sub.lastEndpoint
            case .bind:
                // An ipc path nobody else can take: a probed tcp port may be handed to a parallel test's socket
                // before blr-publish binds it.
                endpoint =
                    "ipc://"
                    + FileManager.default.temporaryDirectory
                    .appendingPathComponent("blr-publish-\(UUID().uuidString.prefix(12))").path
                try sub.connect(endpoint)
            }
            try sub.subscribe(stream)
            let process = try ToolProcess(
                executable, arguments: arguments + ["--endpoint", endpoint, "--\(side.rawValue)", "--quiet"])
            var messages: [[[UInt8]]] = []
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(timeout)
            while clock.now < deadline {
                let running = process.isRunning
                if let message = try sub.receive() {
                    messages.append(message)
                    try received?(messages.count - 1, sub)
                } else if !running {
                    break  // exited before this receive began, and nothing more came within 200 ms
                }
            }
            return Run(result: process.wait(timeout: 5), messages: messages)
        }
    }

    /// Decodes every message as the daemon would for `spec`.
    static func decode(_ run: Run, as spec: StreamSpec) throws -> [IngestMessage] {
        try run.messages.map { frames throws in try IngestDecoder.decode(frames, stream: spec) }
    }

    /// A `tcp://127.0.0.1:PORT` endpoint whose port was free a moment ago (a probe socket bound port 0).
    static func freeTCPEndpoint(context: Context) throws -> String {
        let probe = try Socket(context: context, type: .pair)
        defer { probe.close() }
        try probe.bind("tcp://127.0.0.1:*")
        return try probe.lastEndpoint
    }

    /// A fresh temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("blr-publish-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Runs `body` on a new thread, so blocking libzmq calls never hold a cooperative-pool thread and every
    /// socket is created, used and closed on one thread.
    static func onThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Swift.Result { try body() }) }
            thread.name = "blr-publish-test"
            thread.start()
        }
    }
}
