import Decode
import Foundation
import Inference
import Synthetic
import Testing
import Vocabulary

/// `blr-publish --synthetic` run as a process against a real SUB socket that decodes what the daemon would.
@Suite("blr-publish: synthetic streams, decoded by a real subscriber")
struct PublishTestsSynthetic {
    /// The stream a `--synthetic linear` run with the default 8 features needs.
    static func regression(features: Int = 8) throws -> StreamSpec {
        try StreamSpec(name: "sea", features: features, task: .regression)
    }

    @Test("linear, binary form: all decode, seqs 0…k−1 in order, --count examples, the generator's values")
    func linearBinary() async throws {
        let arguments = ["--stream", "sea", "--synthetic", "linear", "--count", "1000", "--seed", "7"]
        guard let run = try await PublishHarness.publish(arguments) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let messages = try PublishHarness.decode(run, as: Self.regression())
        #expect(messages.map(\.seq) == Array(0..<16))
        #expect(messages.map(\.batch.count).reduce(0, +) == 1000)
        #expect(messages.allSatisfy { $0.form == .binary && $0.isLabelled && $0.epoch == 0 && $0.ids == nil })
        #expect(messages.map(\.batch.count) == Array(repeating: 64, count: 15) + [40])

        var generator = SyntheticStream(kind: .linear, features: 8, seed: 7, count: 1)
        for message in messages {
            let (x, y) = generator.next(count: message.batch.count)
            #expect(message.batch.x == x)
            #expect(message.batch.y == y)
        }
        #expect(run.result.stdoutLines.first?.contains("n 1000, d 8, task regression") == true)
        #expect(run.result.stdoutLines.last?.hasPrefix("sent 16 messages (1000 examples) in ") == true)
        #expect(run.result.stdoutLines.last?.hasSuffix(" examples/s") == true)
        #expect(run.result.stderr.isEmpty)
    }

    @Test("two runs with the same seed send identical batches; another seed sends others")
    func sameSeedSameBatches() async throws {
        func batches(seed: Int) async throws -> [Batch]? {
            let arguments = [
                "--stream", "sea", "--synthetic", "abrupt", "--count", "300", "--every", "100",
                "--batch", "50", "--seed", "\(seed)", "--features", "3",
            ]
            guard let run = try await PublishHarness.publish(arguments) else { return nil }
            #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
            return try PublishHarness.decode(run, as: Self.regression(features: 3)).map(\.batch)
        }
        guard let first = try await batches(seed: 42), let second = try await batches(seed: 42),
            let other = try await batches(seed: 43)
        else { return }
        #expect(first.count == 6)
        #expect(first == second)
        #expect(first != other)
    }

    @Test("JSON form: every message decodes, as the same batches as the binary form")
    func jsonForm() async throws {
        let common = ["--stream", "sea", "--synthetic", "linear", "--count", "200", "--batch", "32", "--seed", "3"]
        guard let json = try await PublishHarness.publish(common + ["--format", "json"]),
            let binary = try await PublishHarness.publish(common)
        else { return }
        #expect(json.result.status == 0, "stderr: \(json.result.stderr)")
        #expect(json.messages.allSatisfy { $0.count == 2 })
        let decoded = try PublishHarness.decode(json, as: Self.regression())
        #expect(decoded.map(\.seq) == Array(0..<7))
        #expect(decoded.allSatisfy { $0.form == .json })
        #expect(decoded.map(\.batch) == (try PublishHarness.decode(binary, as: Self.regression())).map(\.batch))
    }

    @Test(
        "--bind and --connect both deliver everything; a binary stream's labels go as <i8 0/1",
        arguments: PublishHarness.Side.allCases)
    func bindAndConnect(side: PublishHarness.Side) async throws {
        let arguments = ["--stream", "sea", "--synthetic", "logistic", "--count", "500", "--features", "4"]
        guard let run = try await PublishHarness.publish(arguments, side: side) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let spec = try StreamSpec(name: "sea", features: 4, task: .binary)
        let messages = try PublishHarness.decode(run, as: spec)
        #expect(messages.map(\.seq) == Array(0..<8))
        #expect(messages.map(\.batch.count).reduce(0, +) == 500)
        #expect(messages.allSatisfy { $0.batch.y?.allSatisfy { $0 == 0 || $0 == 1 } == true })
        let header = String(decoding: run.messages[0][1], as: UTF8.self)
        #expect(header.contains("\"<i8\""))
        #expect(run.result.stdoutLines.first?.contains("task binary") == true)
    }

    @Test("drift kinds print their drift points with the seq of the message that carries each")
    func driftPositions() async throws {
        let arguments = [
            "--stream", "sea", "--synthetic", "abrupt", "--count", "3000", "--every", "1000",
            "--batch", "128", "--features", "2",
        ]
        guard let run = try await PublishHarness.publish(arguments) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.result.stdoutLines.count == 4)
        #expect(run.result.stdoutLines[2].hasPrefix("drift at examples 1000 (seq 7), 2000 (seq 15)"))
        #expect(try PublishHarness.decode(run, as: Self.regression(features: 2)).count == 24)
    }

    @Test("--unlabelled-every 2 sends every second message without y")
    func unlabelledEverySecond() async throws {
        let arguments = ["--stream", "sea", "--synthetic", "linear", "--count", "640", "--unlabelled-every", "2"]
        guard let run = try await PublishHarness.publish(arguments) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let messages = try PublishHarness.decode(run, as: Self.regression())
        #expect(messages.map(\.isLabelled) == (0..<10).map { $0 % 2 == 0 })
        #expect(run.messages.map(\.count) == (0..<10).map { $0 % 2 == 0 ? 4 : 3 })
    }

    @Test("--epochs replays the data with seqs counting on; --start-seq, --epoch and --ids reach the header")
    func epochsIdsAndSeqs() async throws {
        let arguments = [
            "--stream", "sea", "--synthetic", "gradual", "--count", "100", "--batch", "30",
            "--epochs", "2", "--start-seq", "5", "--epoch", "3", "--ids", "--features", "2",
        ]
        guard let run = try await PublishHarness.publish(arguments) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let messages = try PublishHarness.decode(run, as: StreamSpec(name: "sea", features: 2, task: .binary))
        #expect(messages.map(\.seq) == Array(5..<13))
        #expect(messages.allSatisfy { $0.epoch == 3 })
        #expect(messages.map(\.batch.count) == [30, 30, 30, 10, 30, 30, 30, 10])
        let firsts = [0, 30, 60, 90, 0, 30, 60, 90]
        for (message, first) in zip(messages, firsts) {
            #expect(message.ids == (first..<(first + message.batch.count)).map { ExampleID.int(Int64($0)) })
        }
        #expect(messages[0..<4].map(\.batch) == messages[4..<8].map(\.batch))
    }

    @Test("--rate paces messages on the clock: 12 messages at 40/s take at least 11/40 s")
    func ratePacing() async throws {
        let arguments = ["--stream", "sea", "--synthetic", "linear", "--count", "96", "--batch", "8", "--rate", "40"]
        guard let run = try await PublishHarness.publish(arguments) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.messages.count == 12)
        let summary = try #require(run.result.stdoutLines.last)
        let seconds = summary.split(separator: " ").firstIndex(of: "in").map { summary.split(separator: " ")[$0 + 1] }
        let elapsed = try #require(seconds.flatMap { Double($0) })
        #expect(elapsed >= 0.27 && elapsed < 5, "\(summary)")
    }
}
