#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import Decode
import Foundation
import Inference
import ZeroMQ

/// `blr-bench flood`: memory bounded in bytes (issue 8). A publisher sends large valid batches as fast as it can
/// while a subscriber to `model/` and `pred/` never reads; blrd's resident memory is sampled from /proc and must
/// stay under `memory_limit` + 100 MB.
struct FloodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flood",
        abstract: "Large batches at full speed and a stalled subscriber: blrd's peak RSS against memory_limit.")

    @Option(help: "Seconds to flood.")
    var seconds = 60.0

    @Option(help: "Bytes of each batch's x (f8, 10 features).")
    var batchBytes = 5_000_000

    @Option(help: "blrd's [daemon] memory_limit, bytes.")
    var memoryLimit = 1 << 30

    @Option(help: "The blrd binary (a release build).")
    var blrd = ".build/release/blrd"

    func run() throws {
        let d = 10
        let rows = batchBytes / (8 * d)
        let maxMessage = (batchBytes + rows * 8 + (1 << 20)) / (1 << 20) * (1 << 20) + (1 << 20)
        let daemon = try DaemonUnderTest(
            blrd: blrd, features: d,
            model: EndToEndRun.modelTOML("ivon"),
            settings: "memory_limit = \(memoryLimit)\nmax_message_bytes = \(maxMessage)")
        defer { daemon.stop() }
        // The stalled subscriber: connected and subscribed to everything, never reads.
        let stalled = try Socket(context: daemon.context, type: .sub)
        try stalled.set(.linger, 0)
        try stalled.subscribe("")
        try stalled.connect(daemon.publishEndpoint)
        try daemon.ingest.set(.sendHighWaterMark, 2)
        var x = [Double](repeating: 0, count: rows * d)
        var rng = Xoshiro256(seed: 3)
        rng.fillStandardNormal(&x)
        let y = (0..<rows).map { x[$0 * d] > 0 ? 1.0 : 0.0 }
        let batch = try Batch(x: x, y: y, features: d)
        let start = ContinuousClock.now
        var nextSample = start
        var sent = 0
        var peak = 0
        var samples: [(Double, Int)] = []
        while ContinuousClock.now - start < .seconds(seconds) {
            try daemon.ingest.send(
                IngestEncoder.binary(stream: "bench", seq: UInt64(sent), batch: batch, integerLabels: false))
            sent += 1
            if ContinuousClock.now >= nextSample {
                let rss = Self.residentBytes(pid: daemon.process.processIdentifier)
                peak = max(peak, rss)
                samples.append((Format.seconds(ContinuousClock.now - start), rss))
                nextSample = nextSample + .seconds(1)
            }
        }
        let status = try daemon.control(["op": "status"])
        let batches = status["streams"]?["bench"]?["batches"]?.exactUInt64 ?? 0
        let limitMB = Double(memoryLimit) / 1e6
        print(
            "flood: \(String(format: "%.0f", seconds)) s of \(batchBytes / 1_000_000) MB batches (\(rows) rows, d = \(d)), a subscriber that never reads"
        )
        print(
            "  sent \(sent) batches (\(sent * batchBytes / 1_000_000) MB); blrd took \(batches) (the rest dropped at the high-water marks)"
        )
        for (t, rss) in samples where Int(t) % 10 == 0 || t == samples.last?.0 {
            print(String(format: "  t = %5.1f s  RSS %7.1f MB", t, Double(rss) / 1e6))
        }
        let verdict = Double(peak) / 1e6 <= limitMB + 100 ? "PASS" : "FAIL"
        print(
            String(
                format: "  peak RSS %.1f MB; memory_limit %.1f MB + 100 MB: %@", Double(peak) / 1e6, limitMB, verdict))
        if verdict == "FAIL" { throw ExitCode(1) }
    }

    /// VmRSS of a process, bytes.
    static func residentBytes(pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return kb * 1024
        }
        return 0
    }
}
