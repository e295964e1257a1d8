import ArgumentParser
import Foundation
import Inference

/// `blr-bench demo`: prequential learning of two synthetic streams with an abrupt concept change halfway,
/// by several models in-process, with a report every second and a summary at the end.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch models learn two synthetic streams prequentially, through an abrupt concept change.",
        discussion: """
            A linear-Gaussian regression stream (σ² = 0.25) and a logistic stream, x ~ N(0, I), share a \
            schedule of --rate batches per second; halfway through the planned batches both redraw their \
            weights. Every model predicts each batch before learning from it (test-then-train); every second \
            a line per model shows its scores over that second's window.
            """
    )

    @Option(help: "Wall-clock duration, in seconds.")
    var seconds: Double = 20

    @Option(help: "Examples per batch.")
    var batch: Int = 64

    @Option(help: "Batches per second on each stream (the demo sleeps to keep to this pace).")
    var rate: Double = 200

    @Option(help: "Features per example.")
    var features: Int = 8

    @Option(help: "Seed of the synthetic streams.")
    var seed: UInt64 = 7

    func validate() throws {
        guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds must be positive") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard rate > 0, rate.isFinite else { throw ValidationError("--rate must be positive") }
        guard features >= 1 else { throw ValidationError("--features must be at least 1") }
    }

    func run() throws {
        let planned = max(2, Int(seconds * rate))
        let changeAt = planned / 2
        var regression = SyntheticTask(kind: .regression, features: features, seed: seed)
        var classification = SyntheticTask(kind: .classification, features: features, seed: seed &+ 1)
        var learners = try DemoLearner.lineup(features: features)
        let nameWidth = learners.map(\.name.count).max() ?? 0

        print(
            "blr-bench demo: d=\(features), B=\(batch), \(Format.fixed(rate, 0)) batches/s per stream, "
                + "\(Format.fixed(seconds, 1)) s (~\(planned) batches)")
        print(
            "concept change: both streams redraw their weights at batch \(changeAt) "
                + "(~\(Format.fixed(Double(changeAt) / rate, 1)) s)")
        print("scores are prequential (predict, score, then update) over the last window\n")

        let clock = ContinuousClock()
        let start = clock.now
        var lastReport = start
        var t = 0
        var changed = false
        while clock.now - start < .seconds(seconds) {
            if t == changeAt {
                regression.redraw()
                classification.redraw()
                changed = true
                print(
                    ">>> concept change at batch \(t) (\(Format.fixed(Format.seconds(clock.now - start), 1)) s): "
                        + "weights redrawn on both streams\n")
            }
            let batches = [
                SyntheticKind.regression: try regression.batch(batch),
                .classification: try classification.batch(batch),
            ]
            // Start with a different learner each batch, so the cold caches after a pacing sleep do not
            // always land on the same model's timings.
            for k in learners.indices {
                let i = (k + t) % learners.count
                learners[i].step(batches[learners[i].stream]!, afterChange: changed)
            }
            t += 1

            let now = clock.now
            if now - lastReport >= .seconds(1) {
                report(&learners, batch: t, changeAt: changeAt, elapsed: now - start, nameWidth: nameWidth)
                lastReport = now
            }
            let ahead = Double(t) / rate - Format.seconds(clock.now - start)
            if ahead > 0 { Thread.sleep(forTimeInterval: ahead) }
        }
        if learners.contains(where: { $0.window.count > 0 }) {
            report(&learners, batch: t, changeAt: changeAt, elapsed: clock.now - start, nameWidth: nameWidth)
        }
        printSummary(learners, batches: t, changeAt: changeAt, elapsed: clock.now - start)
    }

    /// One line per learner with its scores over the window that just closed.
    private func report(
        _ learners: inout [DemoLearner], batch t: Int, changeAt: Int, elapsed: Duration, nameWidth: Int
    ) {
        let phase = t > changeAt ? "\(t - changeAt) after change" : "\(changeAt - t) before change"
        print("[\(Format.pad(Format.fixed(Format.seconds(elapsed), 1), 5, right: true)) s]  batch \(t)  (\(phase))")
        for i in learners.indices {
            learners[i].closeWindow()
            let l = learners[i]
            let stream = Format.pad(l.stream.rawValue, 14)
            let seen = Format.pad("\(l.model.batchesSeen)", 6, right: true)
            let failed = l.failures > 0 ? "  failures \(l.failures)" : ""
            let name = Format.pad(l.name, nameWidth)
            print("  \(stream)  \(name)  batches \(seen)  \(l.describe(l.lastWindow))\(failed)")
        }
        print()
    }

    /// The final table: scores before and after the change, in the last window, and time per batch.
    private func printSummary(_ learners: [DemoLearner], batches t: Int, changeAt: Int, elapsed: Duration) {
        print(
            "summary: \(t) batches per stream in \(Format.fixed(Format.seconds(elapsed), 1)) s, change at batch "
                + (t > changeAt ? "\(changeAt)" : "\(changeAt) (not reached)"))
        var table = TextTable(
            header: [
                "stream", "model", "batches", "scores", "before change", "after change", "last window",
                "µs/update", "µs/predict", "failures",
            ],
            rightAligned: [2, 4, 5, 6, 7, 8, 9])
        for l in learners {
            let (a, b) = l.scoreNames
            let predict = l.model.batchesSeen > 0 ? Format.seconds(l.predictTime) * 1e6 / Double(t) : 0
            table.append([
                l.stream.rawValue, l.name, "\(l.model.batchesSeen)", "\(a) / \(b)", l.pair(l.beforeChange),
                l.pair(l.afterChange), l.pair(l.lastWindow), Format.fixed(l.microsecondsPerUpdate, 1),
                Format.fixed(predict, 1), "\(l.failures)",
            ])
        }
        print(table.render())
        print(
            "times are per call inside the paced loop (caches are cold after each sleep); "
                + "for throughput see `blr-bench inference`")
        for l in learners { if let e = l.lastError { print("\(l.name) (\(l.stream.rawValue)) last error: \(e)") } }
    }
}
