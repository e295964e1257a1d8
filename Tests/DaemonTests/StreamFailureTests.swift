import Decode
import Foundation
import Inference
import Testing

/// A stream thread that fails (issue 9): its poll fails, the thread ends, and the daemon stops with a clear log
/// line and a non-zero exit — a control request for that stream is answered with the failure, never left waiting.
/// The failure is injected with `BLRD_INJECT_FAULT=stream-poll:<stream>` (the daemon's one test hook).
@Suite(.serialized) struct StreamFailureTests {
    static let models = DaemonHarness.exactModel()

    @Test func aFailingStreamThreadStopsTheDaemon() throws {
        let h = try DaemonHarness(streams: [("s", 3, "regression")], models: Self.models)
        try h.start(environment: ["BLRD_INJECT_FAULT": "stream-poll:s"])
        try h.synchronize()
        let x = (0..<12).map { Double($0 % 5) - 2 }
        try h.send(
            "s",
            IngestEncoder.binary(
                stream: "s", seq: 0, batch: try Batch(x: x, y: [1, 0.5, -1, 2], features: 3), integerLabels: false))
        // Before the fix, a restore queued for a stream whose thread had ended waited for ever. Now it is answered
        // with the failure, or the daemon has already gone (and the request times out instead of hanging).
        if let reply = try? h.control(["op": "restore", "model": "m", "version": 1], timeout: 5_000) {
            let error = reply["error"]?.stringValue ?? ""
            #expect(error.contains("stream thread") || error.contains("shutting down"), "\(reply)")
        }
        let (status, stderr) = try h.waitForExit()
        #expect(status != 0)
        #expect(stderr.contains("stream thread failed") && stderr.contains("injected"), "\(stderr)")
    }
}
