import Decode
import Foundation
import Inference
import ZeroMQ

/// One end-to-end measurement: full-speed throughput, then closed-loop latency.
struct EndToEndRow {
    let features: Int
    let batch: Int
    let rule: String
    let samplesPerSecond: Double
    let p50: Double
    let p99: Double
    let logLoss: Double
}

enum EndToEndRun {
    static func modelTOML(_ rule: String) -> String {
        let (posterior, name) = switch rule {
        case "laplace-full": ("full", "laplace")
        case "laplace-diagonal": ("diagonal", "laplace")
        default: ("diagonal", rule)
        }
        return """
            [[model]]
            name = "bench"
            stream = "bench"
            likelihood = "bernoulli"
            posterior = "\(posterior)"
            rule = "\(name)"
            snapshot_every = 100
            """
    }

    static func frames(_ x: [Double], _ y: [Double], d: Int, batch b: Int, index j: Int, seq: UInt64) throws -> [[UInt8]] {
        let n = y.count
        let lo = (j * b) % n
        let hi = min(lo + b, n)
        let batch = try Batch(x: Array(x[(lo * d)..<(hi * d)]), y: Array(y[lo..<hi]), features: d)
        return IngestEncoder.binary(stream: "bench", seq: seq, batch: batch, integerLabels: true, precision: .f4)
    }

    /// `journal`: `on` (blrd's default: each batch journaled, fsync per group), `nofsync` (journaled without
    /// waiting for stable storage) or `off` — the cost of durability.
    static func measure(
        blrd: String, rule: String, features d: Int, batch b: Int, x: [Double], y: [Double], latencyBatches: Int,
        journal: String = "on"
    ) throws -> EndToEndRow {
        let daemon = try DaemonUnderTest(
            blrd: blrd, features: d, model: modelTOML(rule),
            settings: """
                memory_limit = "4 GiB"
                max_message_bytes = \(max(64 << 10, b * (d + 1) * 8 + 8192))
                max_subscribers = 1
                journal = \(journal != "off")
                journal_fsync = \(journal == "on")
                """)
        defer { daemon.stop() }
        let count = max(1, y.count / b)
        // Encode first: the benchmark measures blrd, not our encoder.
        let messages = try (0..<count).map { try frames(x, y, d: d, batch: b, index: $0, seq: UInt64($0)) }
        try daemon.subscriber.set(.receiveTimeout, 30_000)
        let clock = ContinuousClock()
        let start = clock.now
        // Queue everything (libzmq buffers it; HWM 0), then read: blrd works while we send.
        for m in messages { try daemon.ingest.send(m) }
        var last: UInt64 = 0
        var loss = 0.0
        var scored = 0
        while last < UInt64(count - 1) {
            guard let frames = try daemon.subscriber.receive() else { throw DaemonUnderTest.Failure(description: "timed out at seq \(last)") }
            let header = try JSONValue.parse(frames[1])
            last = header["seq"]?.exactUInt64 ?? last
            if let ll = header["metrics"]?["log_loss"]?.doubleValue { loss = ll }
            scored += 1
        }
        let elapsed = clock.now - start
        // Latency, closed loop: one batch, wait for its model/, the next.
        var latencies: [Double] = []
        for k in 0..<latencyBatches {
            let seq = UInt64(count + k)
            let message = try frames(x, y, d: d, batch: b, index: k, seq: seq)
            let began = clock.now
            try daemon.ingest.send(message)
            while true {
                guard let frames = try daemon.subscriber.receive() else { throw DaemonUnderTest.Failure(description: "no model/ for \(seq)") }
                if try JSONValue.parse(frames[1])["seq"]?.exactUInt64 == seq { break }
            }
            latencies.append(Format.seconds(clock.now - began) * 1e6)
        }
        latencies.sort()
        return EndToEndRow(
            features: d, batch: b, rule: journal == "on" ? rule : rule + " (journal \(journal))", samplesPerSecond: Double(count * b) / Format.seconds(elapsed),
            p50: latencies[latencies.count / 2], p99: latencies[min(latencies.count - 1, latencies.count * 99 / 100)],
            logLoss: loss)
    }
}
