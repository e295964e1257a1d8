import Decode
import Foundation
import Testing
import ZeroMQ

/// A stand-in for the daemon's control socket: a REP socket on its own thread that answers each request with
/// `reply(request)` and keeps the requests it saw.
final class BlrctlFakeDaemon: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [JSONValue] = []
    private var boundEndpoint = ""
    private var stopped = false
    private let ready = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    var endpoint: String { lock.withLock { boundEndpoint } }
    var requests: [JSONValue] { lock.withLock { seen } }

    init(reply: @escaping @Sendable (JSONValue) -> JSONValue) {
        let thread = Thread { [self] in
            defer { finished.signal() }
            do {
                let context = try Context()
                defer { context.terminate() }
                let socket = try Socket(context: context, type: .rep)
                defer { socket.close() }
                try socket.set(.receiveTimeout, Int32(50))
                try socket.bind("tcp://127.0.0.1:*")
                let endpoint = try socket.lastEndpoint
                lock.withLock { boundEndpoint = endpoint }
                ready.signal()
                while !lock.withLock({ stopped }) {
                    guard let frames = try socket.receive(), let body = frames.last else { continue }
                    let request = (try? JSONValue.parse(body)) ?? .string(String(decoding: body, as: UTF8.self))
                    lock.withLock { seen.append(request) }
                    try socket.send([reply(request).serialized()])
                }
            } catch {
                ready.signal()
            }
        }
        thread.start()
        ready.wait()
    }

    /// Stops the thread and waits for it to close its socket.
    func stop() {
        lock.withLock { stopped = true }
        finished.wait()
    }
}

enum BlrctlControl {
    /// `tcp://127.0.0.1:<port>` for a loopback port that was free a moment ago and that nothing listens on.
    static func freeEndpoint() -> String {
        guard let context = try? Context(), let socket = try? Socket(context: context, type: .rep),
            (try? socket.bind("tcp://127.0.0.1:*")) != nil, let endpoint = try? socket.lastEndpoint
        else { return "tcp://127.0.0.1:1" }
        socket.close()
        context.terminate()
        return endpoint
    }
}

/// `status`, `restore`, `reset`, `snapshot`: with no daemon, and against a fake one.
@Suite("blrctl control commands")
struct BlrctlControlTests {
    @Test(arguments: [["status"], ["restore", "m@2"], ["reset", "m"], ["snapshot", "m"]])
    func withoutADaemonTheyFailQuicklyAndSaySo(arguments: [String]) throws {
        let state = try BlrctlState()
        let endpoint = BlrctlControl.freeEndpoint()
        let result = try state.blrctl(arguments: ["--control", endpoint, "--timeout", "1"] + arguments, timeout: 30)
        #expect(result.status == 1, "\(result)")
        #expect(result.seconds < 10, "\(result)")
        #expect(result.stderr.contains("blrd is not answering on \(endpoint)"), "\(result)")
        if arguments[0] == "restore" {
            #expect(result.stderr.contains("the daemon must be running to restore"))
            #expect(result.stderr.contains("stream position"))
        }
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
    }

    @Test func restoreSendsTheRequestAndPrintsTheNewVersion() throws {
        let state = try BlrctlState()
        let daemon = BlrctlFakeDaemon { request in
            guard request["op"]?.stringValue == "restore" else { return ["error": "unexpected"] }
            return ["model": request["model"] ?? .null, "version": 7]
        }
        defer { daemon.stop() }
        let result = try state.blrctl("--control", daemon.endpoint, "restore", "sea-logistic@2")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("restored version 2 as version 7"))
        #expect(daemon.requests == [["op": "restore", "model": "sea-logistic", "version": 2]])

        let json = try state.blrctl("--control", daemon.endpoint, "restore", "sea-logistic@3", "--json")
        #expect(try json.json() == ["model": "sea-logistic", "version": 7])

        #expect(try state.blrctl("--control", daemon.endpoint, "restore", "sea-logistic").status != 0)
    }

    @Test func daemonErrorsAreReported() throws {
        let state = try BlrctlState()
        let daemon = BlrctlFakeDaemon { _ in ["error": "no model named 'zzz'"] }
        defer { daemon.stop() }
        let result = try state.blrctl("--control", daemon.endpoint, "reset", "zzz")
        #expect(result.status == 1)
        #expect(result.stderr.contains("blrd refused: no model named 'zzz'"))
        #expect(daemon.requests == [["op": "reset", "model": "zzz"]])
    }

    @Test func statusIsPrettyPrintedOrRaw() throws {
        let state = try BlrctlState()
        let reply: JSONValue = [
            "instance": "abc123",
            "streams": [
                "sea": ["epoch": 0, "last_seq": 41, "durable_seq": 40, "batches": 42, "rejected": 1, "gaps": 0]
            ],
            "models": [
                "sea-logistic": [
                    "stream": "sea", "version": 9, "seq": 41, "durable_seq": 40, "rule": "ivon",
                    "family": "gaussian-diagonal", "metrics": ["accuracy": 0.875, "log_loss": 0.31, "n": 420],
                ]
            ],
        ]
        let daemon = BlrctlFakeDaemon { _ in reply }
        defer { daemon.stop() }
        let raw = try state.blrctl("--control", daemon.endpoint, "status", "--json")
        #expect(raw.status == 0, "\(raw)")
        #expect(try raw.json() == reply)
        let table = try state.blrctl("--control", daemon.endpoint, "status")
        #expect(table.status == 0)
        for text in ["abc123", "sea-logistic", "gaussian-diagonal", "accuracy 0.875", "DURABLE SEQ"] {
            #expect(table.stdout.contains(text), "\(table)")
        }

        let snapshotDaemon = BlrctlFakeDaemon { request in ["model": request["model"] ?? .null, "version": 12] }
        defer { snapshotDaemon.stop() }
        let snap = try state.blrctl("--control", snapshotDaemon.endpoint, "snapshot", "sea-logistic")
        #expect(snap.stdout.contains("snapshot version 12"))
    }

    @Test func pruneAllRefusesAModelTheDaemonRuns() throws {
        let state = try BlrctlState()
        try state.save("m", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 1))
        let daemon = BlrctlFakeDaemon { _ in ["instance": "x", "streams": [:], "models": ["m": ["stream": "sea"]]] }
        defer { daemon.stop() }
        let refused = try state.blrctl("--control", daemon.endpoint, "prune", "--model", "m", "--all")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is running model 'm'"))
        #expect(try state.store.snapshots(model: "m").count == 1)
        let forced = try state.blrctl("--control", daemon.endpoint, "prune", "--model", "m", "--all", "--force")
        #expect(forced.status == 0, "\(forced)")
        #expect(try state.store.models().isEmpty)
    }
}
