import Decode
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Inference
import Logging
import Testing
@testable import Daemon

/// Logs (issue 11): `--log-format json`, journald priorities when stderr is the journal, and bursts of
/// rejections summarised in one line per kind per interval — with a real blrd and in process.
@Suite(.serialized) struct LoggingTests {
    static let models = DaemonHarness.exactModel()

    /// 300 undecodable messages give a handful of lines whose counts add up to 300, each a JSON object behind
    /// journald's `<4>` (warning).
    @Test func aFloodOfRejectionsIsSummarisedWithPriorities() throws {
        let h = try DaemonHarness(streams: [("s", 2, "regression")], models: Self.models)
        try h.start(arguments: ["--log-format", "json", "--log-summary-interval", "0.5"], journal: true)
        try h.synchronize()
        for _ in 0..<300 { try h.send("s", [Array("s".utf8), Array("{\"seq\": 5, \"x\": ".utf8)]) }
        // Every rejection is seen (its alert) before the daemon stops and flushes its summaries.
        var alerts = 0
        while alerts < 300, let m = try h.receive(timeout: 5000) { if m.topic == "alert/input/s" { alerts += 1 } }
        #expect(alerts == 300)
        #expect(try h.terminate() == 0)
        let lines = h.stderrText().split(separator: "\n").map(String.init)
        var rejected = 0
        var rejectionLines = 0
        for line in lines {
            #expect(line.hasPrefix("<"), "\(line)")
            guard line.hasPrefix("<4>") else { continue }
            let object = try JSONValue.parse(Array(line.dropFirst(3).utf8))
            guard object["message"]?.stringValue?.hasPrefix("message rejected") == true else { continue }
            #expect(object["level"]?.stringValue == "warning" && object["blrd.stream"]?.stringValue == "s")
            rejectionLines += 1
            rejected += object["count"].flatMap(\.doubleValue).map { Int($0) } ?? 1
            if let count = object["count"]?.doubleValue {
                #expect(object["codes"]?.objectValue?.values.compactMap(\.doubleValue).reduce(0, +) == count)
            }
        }
        #expect(rejected == 300, "\(lines.joined(separator: "\n"))")
        #expect(rejectionLines <= 6, "\(rejectionLines) lines for one burst")
    }

    /// Without JOURNAL_STREAM, or when it names another stream than stderr, there is no prefix.
    @Test func noPrefixUnlessStderrIsTheJournal() throws {
        #expect(!JournalStream.isStderr(environment: [:]))
        #expect(!JournalStream.isStderr(environment: ["JOURNAL_STREAM": "1:2"]))
        #expect(!JournalStream.isStderr(environment: ["JOURNAL_STREAM": "junk"]))
        let text = LogLine(format: .text, journal: false).render(
            level: .warning, label: "blrd", message: "message rejected",
            metadata: ["reason": "bad frame", "code": "x"],
            date: Date(timeIntervalSince1970: 0))
        #expect(text == "1970-01-01T00:00:00.000Z warning blrd: message rejected code=x reason=\"bad frame\"\n")
        let journal = LogLine(format: .text, journal: true).render(
            level: .error, label: "blrd", message: "m", metadata: [:])
        #expect(journal == "<3>error blrd: m\n")
    }

    @Test func levelsMapToSyslogPriorities() {
        let pairs: [(Logger.Level, Int)] = [
            (.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
        ]
        for (level, priority) in pairs { #expect(JournalStream.priority(level) == priority) }
    }

    /// In process: the first of a kind at once, the rest counted per stream, by code.
    @Test func theSummaryCountsPerKindAndCode() {
        let lines = Locked<[(String, Logger.Metadata)]>([])
        let summary = LogSummary(interval: .seconds(3600)) { _, _, message, metadata in
            lines.withLock { $0.append((message, metadata)) }
        }
        func admit(_ stream: String, _ code: String) -> Bool {
            summary.admit(
                level: .warning, label: "blrd", message: "message rejected",
                metadata: ["blrd.stream": .string(stream), "code": .string(code)])
        }
        #expect(admit("a", "x"))
        #expect(admit("b", "x"))
        #expect(!admit("a", "x") && !admit("a", "y") && !admit("a", "y"))
        #expect(summary.admit(level: .info, label: "blrd", message: "model restored", metadata: [:]))
        summary.flush()
        #expect(lines.current.isEmpty)
        summary.flush(force: true)
        let written = lines.current
        #expect(written.count == 1 && written[0].0.hasPrefix("message rejected: 3 more"))
        #expect(written.first?.1["codes"] == .dictionary(["x": .stringConvertible(1), "y": .stringConvertible(2)]))
    }

    /// A stderr nobody reads (a pipe whose 64 KiB fill up) costs log lines, not the stream: 3000 debug lines
    /// later blrd still learns, publishes and answers control, and stops with exit 0.
    @Test func aBlockedStderrDoesNotStallTheDaemon() throws {
        let h = try DaemonHarness(streams: [("s", 2, "regression")], models: Self.models)
        let pipe = Pipe()
        try h.start(arguments: ["--log-level", "debug"], stderr: pipe.fileHandleForWriting)
        try h.synchronize()
        // Topics that share the stream's prefix pass its SUB filter and are dropped with a debug line each
        // (about 100 bytes): 300 KB of log.
        for i in 0..<3000 { try h.send("s", [Array("sx".utf8), Array("\(i)".utf8)]) }
        let batch = try Batch(x: [1, 2, 3, 4], y: [1, 2], features: 2)
        try h.send("s", IngestEncoder.binary(stream: "s", seq: 0, batch: batch, integerLabels: false))
        _ = try h.receive(until: { $0.topic == "model/m" && $0.header["seq"]?.exactUInt64 == 0 }, timeout: 20_000)
        #expect(try h.control(["op": "status"])["models"]?["m"]?["seq"]?.exactUInt64 == 0)
        #expect(try h.terminate() == 0)
        withExtendedLifetime(pipe) {}
    }

    /// A configuration error is written before logging is set up: under the journal it still carries `<3>`.
    @Test func aConfigurationErrorHasAnErrorPriorityUnderTheJournal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "blrd-log-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("bad.toml")
        try ConfigTests.minimal.replacingOccurrences(of: "features = 3", with: "featurs = 3")
            .write(to: config, atomically: true, encoding: .utf8)
        let errors = folder.appendingPathComponent("stderr").path
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        var info = stat()
        #expect(stat(errors, &info) == 0)
        let process = Process()
        process.executableURL = DaemonHarness.binaries.appendingPathComponent("blrd")
        process.arguments = ["--check", "--config", config.path]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)"
        ]) { $1 }
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 78)
        let text = try String(contentsOfFile: errors, encoding: .utf8)
        #expect(
            text.hasPrefix(
                "<3>blrd: \(config.path):4: stream[0].featurs: unknown key 'featurs' (did you mean 'features'?"),
            "\(text)")
    }

    /// Lines dropped because stderr was blocked are reported in the log's own format.
    @Test func droppedLinesAreReportedInTheLogsFormat() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let logging = DaemonLogging(
            format: .json, journal: true, summaryInterval: .seconds(10), fd: fds[1], capacity: 2)
        // The writer thread may take the first line before the queue fills; the pipe holds them all.
        for i in 0..<200 { logging.writer.enqueue("line \(i)\n") }
        logging.writer.enqueue("last\n")
        logging.flush()
        close(fds[1])
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            guard n > 0 else { break }
            bytes += buffer[0..<n]
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        let notice = try #require(lines.first { $0.contains("log lines dropped") })
        #expect(notice.hasPrefix("<4>{"), "\(notice)")
        #expect(lines.count < 201)
    }
}
