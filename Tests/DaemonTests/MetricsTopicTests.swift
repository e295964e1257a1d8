import Decode
import Foundation
import Testing

/// `metrics/<model>` every `metrics_interval` seconds: the model's scores, cumulative and rolling, and its counts.
@Suite(.serialized) struct MetricsTopicTests {
    @Test func theTopicCarriesScoresWindowsAndCounts() throws {
        let h = try DaemonHarness(
            streams: [("clicks", 3, "binary")], models: BadInputTests.models, extraDaemon: "metrics_interval = 0.2")
        try h.start()
        try h.synchronize()
        for seq: UInt64 in 0..<3 { try h.send("clicks", try BadInputTests.good(seq: seq)) }
        let messages = try h.receive { m in
            m.topic == "metrics/clf" && m.header["updates"]?.exactUInt64 == 3
        }
        let header = try #require(messages.last?.header)
        #expect(header["model"]?.stringValue == "clf" && header["stream"]?.stringValue == "clicks")
        #expect(header["seq"]?.exactUInt64 == 2 && header["pubseq"] != nil)
        #expect(header["metrics"]?["n"]?.doubleValue == 9)
        #expect(header["metrics_1k"]?["n"]?.doubleValue == 9 && header["metrics_10k"]?["n"]?.doubleValue == 9)
        #expect(header["drift_alarms"]?.exactUInt64 == 0 && header["sensitivity_alerts"]?.exactUInt64 == 0)
        let version = try h.control(["op": "status"])["models"]?["clf"]?["version"]
        #expect(header["version"] == version)
        #expect(try h.terminate() == 0)
    }
}
