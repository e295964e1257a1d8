import ArgumentParser
import Decode
import Foundation
import Inference
import Synthetic
import ZeroMQ

/// `blr-bench e2e`: the daemon end to end — publisher → ZeroMQ → blrd (decode, predict, learn, journal, snapshot
/// every 100 batches to SQLite, publish) → subscriber, every `pred/` counted — next to river and Vowpal Wabbit
/// reading its own input (a text file, and its cache) timed on the same data on the same machine in the same run.
struct EndToEndCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "End-to-end samples/s and batch-in → model-out latency of a real blrd, beside river and VW.")

    @Option(help: "Feature counts (comma-separated).")
    var dims: CommaList<Int> = [10, 100]

    @Option(help: "Batch sizes (comma-separated).")
    var batches: CommaList<Int> = [1, 64, 256]

    @Option(help: "Rules: ivon, vogn, laplace-diagonal, laplace-full (comma-separated).")
    var rules: CommaList<String> = ["ivon"]

    @Option(help: "Journal settings to run: on, nofsync, off (comma-separated): the cost of the ingest journal.")
    var journal: CommaList<String> = ["on"]

    @Option(help: "[[stream]] coalesce values to run (comma-separated; 1: off). The baseline runs only at 1.")
    var coalesce: CommaList<Int> = [1]

    @Option(help: "Examples per throughput run.")
    var examples = 50_000

    @Option(help: "Batches timed one at a time for the latency percentiles.")
    var latencyBatches = 1000

    @Option(help: "The blrd binary (a release build).")
    var blrd = ".build/release/blrd"

    @Option(help: "Another blrd binary (e.g. an earlier build) measured in the same run, rows marked baseline.")
    var baseline: String?

    @Option(help: "Seconds to wait for the next message from blrd before giving up (raise it under valgrind).")
    var receiveTimeout = 30

    @Option(help: "Messages/s of the latency run: each batch waits for the previous pred/, then for its slot.")
    var latencyRate = 10_000.0

    @Option(help: "Python with river and vowpalwabbit (make bench creates .venv-bench); empty: skip the anchors.")
    var python = ".venv-bench/bin/python"

    @Option(help: "Write the table as Markdown here too.")
    var markdown: String?

    func run() throws {
        var rows: [EndToEndRow] = []
        var anchors: [Int: [String: AnchorResult]] = [:]
        for d in dims.values {
            var stream = SyntheticStream(kind: .logistic, features: d, seed: UInt64(d))
            let (x, y) = stream.next(count: examples)
            anchors[d] = try Anchors.run(python: python, x: x, y: y, features: d, batches: batches.values)
            for rule in rules.values {
                for b in batches.values {
                    for setting in journal.values {
                        guard ["on", "nofsync", "off"].contains(setting) else {
                            throw ValidationError("--journal takes on, nofsync and/or off")
                        }
                        var runs = coalesce.values.map { ("blrd", blrd, $0) }
                        if let baseline { runs.append(("baseline", baseline, 1)) }
                        for (label, path, n) in runs {
                            FileHandle.standardError.write(
                                Data("e2e: \(label) d=\(d) B=\(b) \(rule), journal \(setting), coalesce \(n)…\n".utf8))
                            rows.append(
                                try EndToEndRun.measure(
                                    blrd: path, binary: label, rule: rule, features: d, batch: b, x: x, y: y,
                                    latencyBatches: latencyBatches, rate: latencyRate, receiveTimeout: receiveTimeout,
                                    journal: setting, coalesce: n))
                        }
                    }
                }
            }
        }
        let table = EndToEndReport.table(rows: rows, anchors: anchors)
        print(table)
        if let markdown { try table.write(toFile: markdown, atomically: true, encoding: .utf8) }
    }
}
