import Decode
import Foundation
import Inference
import ZeroMQ

/// One end-to-end measurement: full-speed throughput with every `pred/` counted, then paced latency.
struct EndToEndRow {
    /// Which blrd binary: "blrd", or "baseline" for `--baseline`.
    let binary: String
    let features: Int
    let batch: Int
    let rule: String
    let samplesPerSecond: Double
    /// `pred/` messages received of those the throughput run sent (every one is published: docs/PROTOCOL.md §2).
    let predictions: Int
    let messages: Int
    /// Batch-in → `pred/` out, µs, at the paced rate.
    let p50: Double
    let p99: Double
    let logLoss: Double
    /// The daemon's resident set before and after the throughput run, MiB.
    let rss: (before: Double, after: Double)
}

enum EndToEndRun {
    static func modelTOML(_ rule: String) -> String {
        let (posterior, name) =
            switch rule {
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

    static func frames(_ x: [Double], _ y: [Double], d: Int, batch b: Int, index j: Int, seq: UInt64) throws
        -> [[UInt8]]
    {
        let n = y.count
        let lo = (j * b) % n
        let hi = min(lo + b, n)
        let batch = try Batch(x: Array(x[(lo * d)..<(hi * d)]), y: Array(y[lo..<hi]), features: d)
        return IngestEncoder.binary(stream: "bench", seq: seq, batch: batch, integerLabels: true, precision: .f4)
    }

    /// `journal`: `on` (blrd's default: each batch journaled, fsync per group), `nofsync` (journaled without
    /// waiting for stable storage) or `off` — the cost of durability. `rate`: messages/s of the latency run
    /// (each waits for the previous `pred/`, then for its slot).
    static func measure(
        blrd: String, binary: String = "blrd", rule: String, features d: Int, batch b: Int, x: [Double], y: [Double],
        latencyBatches: Int, rate: Double = 10_000, receiveTimeout: Int = 30, journal: String = "on", coalesce: Int = 1
    ) throws -> EndToEndRow {
        let daemon = try DaemonUnderTest(
            blrd: blrd, features: d, model: modelTOML(rule),
            settings: """
                memory_limit = "4 GiB"
                max_message_bytes = \(max(64 << 10, b * (d + 1) * 8 + 8192))
                max_subscribers = 1
                journal = \(journal != "off")
                journal_fsync = \(journal == "on")
                """,
            streamSettings: coalesce > 1 ? "coalesce = \(coalesce)" : "")
        defer { daemon.stop() }
        let count = max(1, y.count / b)
        // Encode first: the benchmark measures blrd, not our encoder.
        let messages = try (0..<count).map { try frames(x, y, d: d, batch: b, index: $0, seq: UInt64($0)) }
        try daemon.subscriber.set(.receiveTimeout, Int32(clamping: receiveTimeout * 1000))
        let rssBefore = daemon.residentMiB
        let clock = ContinuousClock()
        let start = clock.now
        // Queue everything (libzmq buffers it; HWM 0), then read: blrd works while we send. Done when every
        // pred/ is in and the model/ of the last batch (a conflated model/ always covers a group's last batch).
        for m in messages { try daemon.ingest.send(m) }
        var lastModel: UInt64?
        var loss = 0.0
        var predictions = 0
        let final = UInt64(count - 1)
        while predictions < count || lastModel != final {
            guard let frames = try daemon.subscriber.receive() else {
                throw DaemonUnderTest.Failure(
                    description:
                        "timed out after \(predictions) pred/ of \(count), model/ at \(lastModel.map(String.init) ?? "none")"
                )
            }
            if frames[0].starts(with: Array("pred/".utf8)) {
                predictions += 1
                continue
            }
            let header = try JSONValue.parse(frames[1])
            lastModel = header["seq"]?.exactUInt64 ?? lastModel
            if let ll = header["metrics"]?["log_loss"]?.doubleValue { loss = ll }
        }
        let elapsed = clock.now - start
        let rssAfter = daemon.residentMiB
        // Latency, paced: a batch, its pred/, then the next at its slot of `rate` per second.
        var latencies: [Double] = []
        let slot = Duration.seconds(1 / rate)
        var next = clock.now
        for k in 0..<latencyBatches {
            let seq = UInt64(count + k)
            let message = try frames(x, y, d: d, batch: b, index: k, seq: seq)
            while clock.now < next {}
            let began = clock.now
            next = began + slot
            try daemon.ingest.send(message)
            while true {
                guard let frames = try daemon.subscriber.receive() else {
                    throw DaemonUnderTest.Failure(description: "no pred/ for \(seq)")
                }
                guard frames[0].starts(with: Array("pred/".utf8)) else { continue }
                if try JSONValue.parse(frames[1])["seq"]?.exactUInt64 == seq { break }
            }
            latencies.append(Format.seconds(clock.now - began) * 1e6)
        }
        latencies.sort()
        return EndToEndRow(
            binary: binary, features: d, batch: b,
            rule: rule + (journal == "on" ? "" : " (journal \(journal))")
                + (coalesce > 1 ? " coalesce \(coalesce)" : ""),
            samplesPerSecond: Double(count * b) / Format.seconds(elapsed), predictions: predictions, messages: count,
            p50: latencies[latencies.count / 2], p99: latencies[min(latencies.count - 1, latencies.count * 99 / 100)],
            logLoss: loss, rss: (rssBefore, rssAfter))
    }
}
