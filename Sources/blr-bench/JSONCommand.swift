import ArgumentParser
import Decode
import Foundation
import Inference
import Vocabulary

/// `blr-bench json`: decode throughput of ingest messages with the wire's hand-written JSON parser
/// (`JSONValue.parse`) beside Foundation's `JSONSerialization`, on the same bytes, plus what each keeps of a `seq`
/// of 2⁶⁴ − 1 and what each says about a broken document. The evidence that the hand-written parser earns its place
/// (docs in `Sources/Decode/JSONParser.swift`).
struct JSONCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json",
        abstract: "Ingest JSON decode throughput: the wire's parser vs Foundation's JSONSerialization.")

    @Option(help: "Seconds per measurement.")
    var seconds = 1.0

    @Option(help: "Features d of the JSON-form batches.")
    var features = 8

    @Option(help: "Comma-separated batch sizes n of the JSON-form messages.")
    var batches: CommaList<Int> = [1, 64, 1024]

    func run() throws {
        let budget = Duration.milliseconds(Int(seconds * 1000))
        let stream = try StreamSpec(name: "bench", features: features, task: .binary)
        var rows: [(String, Int, [UInt8])] = []
        for n in batches.values {
            let batch = try Self.batch(rows: n, features: features)
            let binary = IngestEncoder.binary(
                stream: "bench", seq: .max, epoch: 3, batch: batch, integerLabels: true,
                ids: (0..<n).map { ExampleID.int(Int64($0)) }, ts: 1_764_160_000.5)
            rows.append(("binary header", n, binary[1]))
            let json = IngestEncoder.json(stream: "bench", seq: .max, batch: batch, integerLabels: true)
            rows.append(("JSON form", n, json[1]))
        }
        print("ingest JSON, d = \(features), \(seconds) s per cell; MB/s of frame 1 (higher is better)\n")
        print(
            "message          n      bytes   JSONValue.parse   JSONSerialization   speed-up   IngestDecoder (ours, validated)"
        )
        for (kind, n, bytes) in rows {
            let ours = Self.rate(bytes: bytes.count, budget: budget) { _ = try? JSONValue.parse(bytes) }
            let data = Data(bytes)
            let foundation = Self.rate(bytes: bytes.count, budget: budget) {
                _ = try? JSONSerialization.jsonObject(with: data)
            }
            let frames = kind == "JSON form" ? [Array("bench".utf8), bytes] : nil
            let decoded = frames.map { frames in
                Self.rate(bytes: bytes.count, budget: budget) { _ = try? IngestDecoder.decode(frames, stream: stream) }
            }
            print(
                kind.padding(toLength: 14, withPad: " ", startingAt: 0) + Self.column("\(n)", 5)
                    + Self.column("\(bytes.count)", 11) + Self.column(Self.megabytes(ours), 18)
                    + Self.column(Self.megabytes(foundation), 20)
                    + Self.column(String(format: "%.1f×", ours / foundation), 11)
                    + Self.column(decoded.map(Self.megabytes) ?? "-", 16))
        }
        print("")
        try exactness()
    }

    /// What each parser keeps of `"seq": 18446744073709551615`, and what each makes of a trailing comma (not JSON)
    /// and of Python's `NaN` (which the decoder must read to name the row and column of a non-finite value).
    private func exactness() throws {
        let seq = Array(#"{"seq": 18446744073709551615}"#.utf8)
        let ours = (try? JSONValue.parse(seq))?["seq"]?.exactUInt64.map(String.init) ?? "lost"
        let object = (try? JSONSerialization.jsonObject(with: Data(seq))) as? [String: Any]
        let theirs = object?["seq"].map { "\($0) (\(type(of: $0)))" } ?? "lost"
        print("seq 2⁶⁴ − 1:      JSONValue.parse → \(ours); JSONSerialization → \(theirs)")
        for (name, text) in [
            ("trailing comma", "{\"seq\": 1,\n \"x\": [[1, 2], [3, ]]}"),
            ("Python's NaN", "{\"seq\": 1, \"x\": [[1, 2], [3, NaN]]}"),
        ] {
            print(
                "\(name):".padding(toLength: 18, withPad: " ", startingAt: 0) + "JSONValue.parse → \(Self.ours(text))")
            print(String(repeating: " ", count: 18) + "JSONSerialization → \(Self.foundation(text))")
        }
        let frames = [Array("bench".utf8), Array("{\"seq\": 1, \"x\": [[1, 2], [3, NaN]]}".utf8)]
        let stream = try StreamSpec(name: "bench", features: 2, task: .regression)
        let rejection: String
        do {
            _ = try IngestDecoder.decode(frames, stream: stream)
            rejection = "accepted"
        } catch {
            rejection = error.description
        }
        print("the NaN message:  IngestDecoder → \(rejection)")
    }

    private static func ours(_ text: String) -> String {
        do {
            _ = try JSONValue.parse(Array(text.utf8))
            return "parsed"
        } catch {
            return "refused: \(error)"
        }
    }

    private static func foundation(_ text: String) -> String {
        do {
            return "\(try JSONSerialization.jsonObject(with: Data(text.utf8)))".replacingOccurrences(
                of: "\n", with: " ")
        } catch {
            return "refused: \(error)"
        }
    }

    /// Bytes per second of `body`, run until `budget` has elapsed (after a warm-up of a tenth of it).
    private static func rate(bytes: Int, budget: Duration, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let warmUp = clock.now + budget / 10
        while clock.now < warmUp { body() }
        var runs = 0
        let start = clock.now
        while clock.now - start < budget {
            for _ in 0..<8 { body() }
            runs += 8
        }
        return Double(runs * bytes) / Format.seconds(clock.now - start)
    }

    private static func megabytes(_ rate: Double) -> String { String(format: "%.1f", rate / 1e6) }

    private static func column(_ text: String, _ width: Int) -> String { Format.pad(text, width, right: true) }

    /// n seeded rows of d features, labels 0/1.
    private static func batch(rows n: Int, features d: Int) throws -> Batch {
        var rng = Xoshiro256(seed: 7)
        let x = (0..<(n * d)).map { _ in rng.nextOpenUnit() * 4 - 2 }
        let y = (0..<n).map { _ in rng.nextOpenUnit() < 0.5 ? 0.0 : 1.0 }
        return try Batch(x: x, y: y, features: d)
    }
}
