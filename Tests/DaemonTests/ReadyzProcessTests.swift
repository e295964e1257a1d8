import Decode
import Foundation
import Inference
import Testing

/// `/readyz` on a real blrd (issue 11): the HTTP endpoint listens before the models are restored, so while a
/// restart replays a long journal `/readyz` answers 503 with what is missing (and `/healthz` 200), then 200 once
/// the stream is subscribed — never 200 first.
@Suite(.serialized) struct ReadyzProcessTests {
    /// d = 150 under the conjugate rule: each replayed batch refactors a 151 × 151 precision, so replaying a few
    /// hundred of them takes long enough to be seen from outside.
    static let features = 150

    static let models = DaemonHarness.exactModel(extra: "snapshot_every = 1000000")

    @Test func readyzIs503WhileRestoringAnd200After() throws {
        let port = try HTTPProbe.freePort()
        let h = try DaemonHarness(
            streams: [("s", Self.features, "regression")], models: Self.models,
            extraDaemon: "http = \"127.0.0.1:\(port)\"")
        try h.start()
        try h.synchronize()
        // Journaled but in no snapshot: a restart replays every one of them before it subscribes.
        let batches: UInt64 = 120
        for seq in 0..<batches {
            let x = (0..<Self.features).map { Double(($0 * 7 + Int(seq)) % 11) - 5 }
            try h.send(
                "s",
                IngestEncoder.binary(
                    stream: "s", seq: seq, batch: try Batch(x: x, y: [Double(seq % 5)], features: Self.features),
                    integerLabels: false))
        }
        _ = try h.receive(
            until: { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == batches - 1 }, timeout: 60_000)
        try h.kill()

        try h.start(waitForSubscriptions: false)
        var replies: [(status: Int, body: String)] = []
        var healthy = false
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard let reply = try HTTPProbe.get(port: port, "/readyz") else {
                Thread.sleep(forTimeInterval: 0.005)
                continue
            }
            replies.append((reply.status, reply.body))
            if reply.status == 503, !healthy { healthy = try HTTPProbe.get(port: port, "/healthz")?.status == 200 }
            if reply.status == 200 { break }
        }
        let notReady = replies.prefix { $0.status == 503 }
        #expect(!notReady.isEmpty, "no 503 before ready: \(replies.map(\.status))")
        #expect(
            notReady.allSatisfy { $0.body.hasPrefix("not ready: ") && $0.body.contains("streams not subscribed: ") })
        #expect(healthy, "/healthz answers while the daemon restores")
        #expect(replies.last?.status == 200 && replies.last?.body == "ready\n")
        #expect(replies.count == notReady.count + 1, "503 until ready, then 200: \(replies.map(\.status))")
        // And it restored what it was sent.
        let status = try h.control(["op": "status"])
        #expect(status["models"]?["m"]?["seq"]?.exactUInt64 == batches - 1)
        #expect(try h.terminate() == 0)
    }
}
