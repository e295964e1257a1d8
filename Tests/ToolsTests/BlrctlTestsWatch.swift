import Decode
import Foundation
import Testing
import ZeroMQ

/// A stand-in for the daemon's publish socket: a PUB socket on its own thread that sends `messages` every 100 ms
/// (a subscriber joins late and misses the first ones) until stopped.
final class BlrctlFakePublisher: @unchecked Sendable {
    private let lock = NSLock()
    private var boundEndpoint = ""
    private var stopped = false
    private let ready = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    var endpoint: String { lock.withLock { boundEndpoint } }

    init(messages: @escaping @Sendable (UInt64) -> [[[UInt8]]]) {
        let thread = Thread { [self] in
            defer { finished.signal() }
            do {
                let context = try Context()
                defer { context.terminate() }
                let socket = try Socket(context: context, type: .pub)
                defer { socket.close() }
                try socket.set(.linger, 0)
                try socket.bind("tcp://127.0.0.1:*")
                let endpoint = try socket.lastEndpoint
                lock.withLock { boundEndpoint = endpoint }
                ready.signal()
                var pubseq: UInt64 = 1
                while !lock.withLock({ stopped }) {
                    for frames in messages(pubseq) { try socket.send(frames); pubseq += 1 }
                    Thread.sleep(forTimeInterval: 0.1)
                }
            } catch {
                ready.signal()
            }
        }
        thread.start()
        ready.wait()
    }

    func stop() {
        lock.withLock { stopped = true }
        finished.wait()
    }
}

/// `blrctl watch`: every alert kind as one sentence; `--json` keeps the header.
@Suite("blrctl watch")
struct BlrctlWatchTests {
    static func alerts(from pubseq: UInt64) -> [[[UInt8]]] {
        let example = SensitiveExample(index: 3, id: .int(942), deviation: 0.5, error: 0.99, variance: 0.5, tail: 2e-5)
        let summary = SensitivitySummary.text(
            examples: [example], flagged: 1, batchSize: 64, usual: 0.01, labels: .classes, quarantined: true)
        return [
            OutboundEncoder.sensitivityAlert(
                model: "m", seq: 41, version: 9, examples: [example], flagged: 1, summary: summary, quarantined: true,
                pubseq: pubseq, instance: "i"),
            OutboundEncoder.driftAlert(
                model: "m", seq: 42, version: 10, detector: "surprise-cusum", statistic: 12.5, threshold: 10,
                action: "forgetting α=0.0001", pubseq: pubseq + 1, instance: "i"),
            OutboundEncoder.inputAlert(
                stream: "s", seq: 43, reason: "x has 2 features, the stream has 3", code: "features",
                pubseq: pubseq + 2,
                instance: "i"),
            OutboundEncoder.gapAlert(stream: "s", expected: 44, got: 47, pubseq: pubseq + 3, instance: "i"),
            OutboundEncoder.persistAlert(
                model: "m", stream: "s", seq: 48, what: "journal", error: "disk full", failures: 2, accepting: true,
                pubseq: pubseq + 4, instance: "i"),
        ]
    }

    @Test func everyAlertIsOneSentence() throws {
        let publisher = BlrctlFakePublisher { Self.alerts(from: $0) }
        defer { publisher.stop() }
        let state = try BlrctlState()
        let result = try state.blrctl(
            arguments: ["watch", "--publish", publisher.endpoint, "--seconds", "2"], timeout: 30)
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let want = [
            "seq 41  1 of 64 examples would move the posterior 50× as much as a typical one: id 942; its label disagrees with a confident prediction (a label as unlikely has probability ≤ 2e-05 under the model); not learned (quarantine)",
            "seq 42  drift detected: statistic 12.5 > 10, action forgetting α=0.0001",
            "seq 43 rejected (features): x has 2 features, the stream has 3",
            "expected seq 44, got 47 (3 missing)",
            "seq 48  journal write failed: disk full (2 in a row, still accepting)",
        ]
        for (topic, text) in zip(
            ["alert/sensitivity/m", "alert/drift/m", "alert/input/s", "alert/gap/s", "alert/persist/m"], want)
        {
            #expect(lines.contains { $0.hasPrefix(topic) && $0.hasSuffix(" " + text) }, "\(topic): \(result)")
        }
        #expect(!lines.contains { $0.contains("{") }, "\(result)")
    }

    @Test func jsonKeepsTheHeader() throws {
        let publisher = BlrctlFakePublisher { Self.alerts(from: $0) }
        defer { publisher.stop() }
        let state = try BlrctlState()
        let result = try state.blrctl(
            arguments: ["watch", "--publish", publisher.endpoint, "--seconds", "2", "--json"], timeout: 30)
        #expect(result.status == 0, "\(result)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("alert/sensitivity/m") })
        let json = try JSONValue.parse(Array(line.drop { $0 != "{" }.utf8))
        #expect(json["summary"]?.stringValue?.hasPrefix("1 of 64 examples") == true)
        #expect(json["examples"]?.arrayValue?.first?["tail"]?.doubleValue == 2e-5)
    }
}
