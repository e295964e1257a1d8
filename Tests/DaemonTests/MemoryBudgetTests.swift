import Foundation
import Testing

@testable import Daemon

/// `[daemon] memory_limit` (issue 8): the high-water marks follow from it and from the largest messages, and
/// settings that cannot fit are refused at parse time (so `blrd --check` refuses them) with the key named.
@Suite struct MemoryBudgetTests {
    static func config(_ daemon: String, features: Int = 3) -> String {
        """
        [daemon]
        \(daemon)

        [[stream]]
        name = "sea"
        connect = "tcp://127.0.0.1:5555"
        features = \(features)
        task = "regression"

        [[model]]
        name = "m"
        stream = "sea"

        """
    }

    @Test func theMarksFollowTheLimitAndTheLargestMessages() throws {
        let config = try ConfigParser.parse(Self.config(#"memory_limit = "1 GiB""#), file: "blrd.toml")
        let budget = try MemoryBudget.of(config).get()
        // Ingest: half of 1 GiB for the one stream, a quarter of that queued, in messages of up to 256 KiB.
        #expect(budget.receiveHighWaterMark == (1 << 30) / 2 / 4 / (256 << 10))
        #expect(budget.groupBytes == (1 << 30) / 2 / 8)
        // Publications: a pred/ of the most rows a 256 KiB message carries at d = 3 (16 bytes of f4 x and y
        // each) is 16 bytes a row, 256 KiB, plus 4 KiB of header; 2 subscribers share half of 1 GiB.
        let rows = (256 << 10) / 16
        #expect(budget.largestPublication == max(rows * 16, 256 << 10) + 4096)
        #expect(budget.publishHighWaterMark == (1 << 30) / 2 / 2 / budget.largestPublication)
        // Everything the marks allow fits the limit.
        let ingest = budget.receiveHighWaterMark * (256 << 10) + 3 * budget.groupBytes
        let publications = 2 * budget.publishHighWaterMark * budget.largestPublication
        #expect(ingest + publications <= 1 << 30)
    }

    @Test func sizesTakeBinaryUnits() throws {
        let config = try ConfigParser.parse(
            Self.config(#"memory_limit = "512 MiB""# + "\n" + #"max_message_bytes = "64KiB""#), file: "blrd.toml")
        #expect(config.daemon.memoryLimit == 512 << 20)
        #expect(config.daemon.maxMessageBytes == 64 << 10)
        #expect(throws: ConfigError.self) {
            try ConfigParser.parse(Self.config(#"memory_limit = "lots""#), file: "blrd.toml")
        }
    }

    @Test func settingsThatCannotFitAreRefusedWithTheirKey() throws {
        // 64 MiB messages in 256 MiB: less than one message of queue per stream.
        let tooSmall = Self.config(#"memory_limit = "256 MiB""# + "\n" + #"max_message_bytes = "64 MiB""#)
        #expect {
            try ConfigParser.parse(tooSmall, file: "blrd.toml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("daemon.memory_limit") && text.contains("max_message_bytes")
        }
        // An explicit mark above what the limit allows.
        let tooMany = Self.config("receive_hwm = 100000")
        #expect {
            try ConfigParser.parse(tooMany, file: "blrd.toml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("daemon.receive_hwm") && text.contains("remove receive_hwm")
        }
        let publish = Self.config("publish_hwm = 100000")
        #expect {
            try ConfigParser.parse(publish, file: "blrd.toml")
        } throws: { error in "\(error)".contains("daemon.publish_hwm") }
        // Marks that fit are kept as given.
        let fits = try ConfigParser.parse(Self.config("receive_hwm = 10\npublish_hwm = 10"), file: "blrd.toml")
        let budget = try MemoryBudget.of(fits).get()
        #expect(budget.receiveHighWaterMark == 10 && budget.publishHighWaterMark == 10)
    }
}
