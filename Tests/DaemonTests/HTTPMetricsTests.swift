import Decode
import Foundation
import Inference
import Testing

/// A real blrd with `[daemon] http`: `/metrics` counts what the test sent and what blrd rejected, its version
/// gauge follows `model/`, `/healthz` and `/readyz` answer 200 once it runs.
@Suite(.serialized) struct HTTPMetricsTests {
    @Test func scrapeCountsWhatWasSentAndRejected() throws {
        let port = try HTTPProbe.freePort()
        let h = try DaemonHarness(
            streams: [("clicks", 3, "binary")], models: BadInputTests.models,
            extraDaemon: "http = \"127.0.0.1:\(port)\"")
        try h.start()
        try h.synchronize()
        // The HTTP service starts beside the others: wait until it listens.
        var ready: HTTPProbe.Reply?
        let deadline = Date().addingTimeInterval(10)
        while ready == nil && Date() < deadline {
            ready = try HTTPProbe.get(port: port, "/readyz")
            if ready == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(ready?.status == 200 && ready?.body == "ready\n")
        #expect(try HTTPProbe.get(port: port, "/healthz")?.status == 200)

        var bytes = 0
        for seq: UInt64 in 0..<5 {
            let frames = try BadInputTests.good(seq: seq)
            bytes += frames.reduce(0) { $0 + $1.count }
            try h.send("clicks", frames)
        }
        let malformed = [Array("clicks".utf8), Array("{\"seq\": 9, \"x\": ".utf8)]
        bytes += malformed.reduce(0) { $0 + $1.count }
        try h.send("clicks", malformed)
        var version: Double?
        var lastModel: JSONValue?
        var alerted = false
        _ = try h.receive { m in
            if m.topic == "model/clf", m.header["seq"]?.exactUInt64 == 4 {
                version = m.header["version"]?.doubleValue
                lastModel = m.header
            }
            if m.topic == "alert/input/clicks" { alerted = true }
            return version != nil && alerted
        }

        let scrape = try #require(try HTTPProbe.get(port: port, "/metrics"))
        #expect(scrape.status == 200)
        let body = scrape.body
        func value(_ series: String) -> Double? { HTTPProbe.sample(body, series) }
        #expect(value("blrd_stream_messages_total{stream=\"clicks\"}") == 5)
        #expect(value("blrd_stream_rejected_total{stream=\"clicks\",code=\"header_json\"}") == 1)
        #expect(value("blrd_stream_bytes_total{stream=\"clicks\"}") == Double(bytes))
        #expect(value("blrd_stream_gaps_total{stream=\"clicks\"}") == 0)
        #expect(value("blrd_model_updates_total{model=\"clf\"}") == 5)
        #expect(value("blrd_model_version{model=\"clf\"}") == version)
        #expect(value("blrd_model_drift_alarms_total{model=\"clf\"}") == 0)
        #expect(value("blrd_model_examples{model=\"clf\",window=\"all\"}") == 15)
        let status = try h.control(["op": "status"])
        let logLoss = try #require(status["models"]?["clf"]?["metrics"]?["log_loss"]?.doubleValue)
        let scraped = try #require(value("blrd_model_log_loss{model=\"clf\",window=\"all\"}"))
        #expect(abs(scraped - logLoss) <= 1e-12 * max(1, abs(logLoss)))
        // 15 examples: both rolling windows hold them all, so they equal the cumulative scores.
        for window in ["1k", "10k"] {
            // Summed batch by batch, so equal up to rounding.
            let rolled = try #require(value("blrd_model_log_loss{model=\"clf\",window=\"\(window)\"}"))
            #expect(abs(rolled - logLoss) <= 1e-12)
            let reported = try #require(status["models"]?["clf"]?["metrics_\(window)"]?["log_loss"]?.doubleValue)
            #expect(abs(reported - logLoss) <= 1e-12)
            #expect(status["models"]?["clf"]?["metrics_\(window)"]?["n"]?.doubleValue == 15)
            // Not in model/: they would cost ~20 % of the per-message rate at B = 1.
            #expect(lastModel?["metrics_\(window)"] == nil)
        }
        #expect(value("blrd_update_seconds_count{model=\"clf\"}") == 5)
        #expect(value("blrd_update_seconds_bucket{model=\"clf\",le=\"+Inf\"}") == 5)
        #expect((value("blrd_update_seconds_sum{model=\"clf\"}") ?? 0) > 0)
        #expect((value("blrd_process_resident_bytes") ?? 0) > Double(1 << 20))
        #expect((value("blrd_process_open_fds") ?? 0) > 3)
        #expect(value("blrd_process_uptime_seconds") != nil)

        // A second scrape counts nothing twice.
        let again = try #require(try HTTPProbe.get(port: port, "/metrics")).body
        #expect(HTTPProbe.sample(again, "blrd_stream_messages_total{stream=\"clicks\"}") == 5)
        #expect(try h.terminate() == 0)
    }
}
