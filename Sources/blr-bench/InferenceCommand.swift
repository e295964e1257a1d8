import ArgumentParser
import Foundation
import Inference
import Synthetic

/// `blr-bench inference`: single-thread update throughput (samples/s) of each rule by feature count d and
/// batch size B, on synthetic data generated before timing.
struct InferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference",
        abstract: "Measure single-thread update throughput (samples/s) by rule, feature count and batch size.",
        discussion: """
            Each cell builds a fresh model and times repeated Model.update(with:) calls on a pre-generated pool \
            of batches (cycled) until --seconds have elapsed, after a short warm-up; it always times at least \
            3 updates, so full-covariance rules at large d can take longer than the budget. The conjugate rule \
            learns linear-Gaussian regression (σ² = 0.25); the others learn logistic regression. \
            Network: linear with bias.
            """
    )

    @Option(help: "Feature counts d, comma-separated.")
    var dims: CommaList<Int> = [10, 100, 1000]

    @Option(help: "Batch sizes B, comma-separated.")
    var batches: CommaList<Int> = [1, 64, 1024]

    @Option(help: "Rules, comma-separated (\(BenchRule.allCases.map(\.rawValue).joined(separator: ", "))).")
    var rules: CommaList<BenchRule> = CommaList(BenchRule.allCases)

    @Option(help: "Time budget per cell, in seconds.")
    var seconds: Double = 0.5

    @Option(help: "Also write the results as Markdown to this file.")
    var markdown: String?

    @Option(help: "Also write the results as CSV to this file.")
    var csv: String?

    @Option(help: "Seed of the synthetic data.")
    var seed: UInt64 = 1

    /// Examples in each pool: 64 Ki, fewer at large d so a pool stays under 16 Mi numbers (128 MB).
    /// Pre-generated batches, so generation is not timed.
    static func pool(_ stream: inout SyntheticStream, samples: Int, batchSize b: Int) throws -> [Batch] {
        try (0..<max(1, (samples + b - 1) / b)).map { _ in
            let (x, y) = stream.next(count: b)
            return try Batch(x: x, y: y, features: stream.features)
        }
    }

    static func poolSamples(features d: Int, batchSize b: Int) -> Int {
        max(4 * b, min(65_536, (1 << 24) / d))
    }

    func validate() throws {
        guard dims.values.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--dims must be positive") }
        guard batches.values.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--batches must be positive") }
        guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds must be positive") }
    }

    func run() throws {
        let budget = Duration.seconds(seconds)
        let selected = BenchRule.allCases.filter(rules.values.contains)
        var cells: [ThroughputCell] = []
        log(
            "blr-bench inference: \(selected.count) rules × \(dims.values.count) d × \(batches.values.count) B, "
                + "\(seconds) s per cell, single thread")
        for d in dims.values {
            for kind in [SyntheticKind.linear, .logistic] {
                let users = selected.filter { $0.task == kind }
                guard !users.isEmpty else { continue }
                for b in batches.values {
                    var stream = SyntheticStream(
                        kind: kind, features: d, seed: seed &+ UInt64(d), noiseVariance: BenchRule.noiseVariance)
                    let pool = try Self.pool(
                        &stream, samples: Self.poolSamples(features: d, batchSize: b), batchSize: b)
                    for rule in users {
                        let cell = Throughput.measure(rule: rule, features: d, pool: pool, budget: budget)
                        log(progressLine(cell))
                        cells.append(cell)
                    }
                }
            }
        }
        let report = InferenceReport(
            cells: cells, rules: selected, dims: dims.values, batchSizes: batches.values, seconds: seconds)
        print()
        print(report.text())
        if let markdown { try write(report.markdown(), to: markdown) }
        if let csv { try write(report.csv(), to: csv) }
    }

    private func progressLine(_ cell: ThroughputCell) -> String {
        let head =
            "  \(Format.pad(cell.rule.rawValue, 16)) d=\(Format.pad("\(cell.features)", 5)) "
            + "B=\(Format.pad("\(cell.batchSize)", 5))"
        if let error = cell.error { return head + "  failed: \(error)" }
        return head + "  \(Format.pad(Format.rate(cell.samplesPerSecond, aligned: true), 9, right: true)) samples/s  "
            + "\(cell.updates) updates in \(Format.fixed(cell.seconds, 2)) s"
    }

    /// Progress goes to standard error, so standard output holds only the results.
    private func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        log("wrote \(path)")
    }
}
