import ArgumentParser
import Foundation
import Inference
import NumpyFiles

/// `blr-bench streams`: prequential runs of the inference core, in process, on the public benchmark streams
/// (`../shared/streams` when present), scored like the shared metrics.py. No sockets or database: this
/// measures what the rules and their defaults learn; the end-to-end benchmark goes through the daemon.
struct StreamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streams",
        abstract: "Score each rule's defaults prequentially on the public benchmark streams, in process.")

    @Option(help: "Folder with NAME.X.npy, NAME.y.npy and NAME.json.")
    var directory: String = "../shared/streams"

    @Option(help: "Examples per batch.")
    var batch: Int = 64

    @Option(help: "Streams to run (comma-separated).")
    var streams: CommaList<String> = ["sea_abrupt", "hyperplane_gradual", "linreg_stationary", "linreg_switch", "bananas"]

    @Option(help: "Fixed forgetting factors to try besides none (comma-separated).")
    var forgetting: CommaList<Double> = [0.99]

    @Option(help: "α applied on the batch where the drift detector fires.")
    var alarmFactor: Double = AdaptiveForgetting().alarmFactor

    @Option(help: "Base memories (examples) of adaptive forgetting to try; inf = alarms only (comma-separated).")
    var memory: CommaList<Double> = [.infinity]

    @Option(help: "Also print the score over each window of this many examples (0: off).")
    var window: Int = 0

    @Option(help: "Only models whose label contains this text.")
    var only: String?

    func run() throws {
        print("stream               model                         acc/rmse    ll/nll     ece15   recovery  samples/s")
        for name in streams.values {
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).json"))) as? [String: Any] ?? [:]
            let x = try NPYArray(path: "\(directory)/\(name).X.npy")
            let y = try NPYArray(path: "\(directory)/\(name).y.npy")
            let d = x.shape[1]
            let n = x.shape[0]
            let regression = (meta["task"] as? String) == "regression"
            let drifts = (meta["drift_points"] as? [Int]) ?? []
            for (label, spec) in Self.lineup(features: d, regression: regression, forgetting: forgetting.values, memory: memory.values, alarmFactor: alarmFactor)
            where only.map({ label.contains($0) }) ?? true {
                var windowed = PrequentialMetrics()
                var trace: [String] = []
                var model = try Model(spec: spec.model)
                var adaptive = spec.adaptive
                var alarms: [Int] = []
                var total = PrequentialMetrics()
                var recovery = [PrequentialMetrics](repeating: PrequentialMetrics(), count: drifts.count)
                let clock = ContinuousClock()
                var elapsed = Duration.zero
                var failures = 0
                var start = 0
                while start < n {
                    let end = min(n, start + batch)
                    let xs = Array(x.values[(start * d)..<(end * d)])
                    let ys = Array(y.values[start..<end])
                    let predictive = try model.predict(xs)
                    let surprise = total.record(predictive, labels: ys)
                    if window > 0 {
                        windowed.record(predictive, labels: ys)
                        if windowed.count >= window {
                            trace.append(Format.fixed(regression ? windowed.rmse : windowed.accuracy, 3))
                            windowed = PrequentialMetrics()
                        }
                    }
                    for (k, t) in drifts.enumerated() where start >= t && start < t + 1000 {
                        recovery[k].record(predictive, labels: ys)
                    }
                    let b = try Batch(x: xs, y: ys, features: d)
                    var alpha: Double? = nil
                    if var controller = adaptive {
                        let step = controller.step(surprise: surprise.reduce(0, +) / Double(surprise.count), batchSize: ys.count)
                        alpha = step.alpha
                        if step.alarm { alarms.append(start) }
                        adaptive = controller
                    }
                    let began = clock.now
                    do { try model.update(with: b, forgetting: alpha) } catch { failures += 1 }
                    elapsed += clock.now - began
                    start = end
                }
                let primary = regression ? total.rmse : total.accuracy
                let secondary = regression ? total.nll : total.logLoss
                let rec = recovery.compactMap { regression ? $0.rmse : $0.accuracy }
                let recText = rec.isEmpty ? "-" : Format.fixed(rec.reduce(0, +) / Double(rec.count), 4)
                let seconds = Format.seconds(elapsed)
                print(
                    name.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                        + label.padding(toLength: 29, withPad: " ", startingAt: 0) + " "
                        + Format.fixed(primary ?? .nan, 4).leftPad(8) + " " + Format.fixed(secondary ?? .nan, 4).leftPad(9) + " "
                        + Format.fixed(total.ece ?? .nan, 4).leftPad(9) + " " + recText.leftPad(9) + " "
                        + Format.fixed(Double(n) / seconds, 0).leftPad(10) + (failures > 0 ? "  (\(failures) refused)" : ""))
                if !trace.isEmpty { print("    per \(window): " + trace.joined(separator: " ")) }
                if adaptive != nil { print("    alarms at: \(alarms.prefix(30).map(String.init).joined(separator: " "))\(alarms.count > 30 ? " … (\(alarms.count))" : "")") }
            }
        }
    }

    struct Entry {
        var model: ModelSpec
        var adaptive: AdaptiveForgetting?
    }

    /// The models each stream is learned by: every rule at its defaults, with fixed and adaptive forgetting.
    static func lineup(
        features d: Int, regression: Bool, forgetting: [Double], memory: [Double], alarmFactor: Double
    ) -> [(String, Entry)] {
        var out: [(String, Entry)] = []
        let variants: [(String, Double, AdaptiveForgetting?)] =
            [("", 1, nil)] + forgetting.map { (" α=\($0)", $0, nil) }
            + memory.map { (" adaptive" + ($0.isFinite ? " mem=\(Int($0))" : ""), 1, AdaptiveForgetting(memory: $0, alarmFactor: alarmFactor)) }
        for (suffix, alpha, adaptive) in variants {
            let rules: [(String, Likelihood, PosteriorForm, Rule)] = regression
                ? [("conjugate full", .gaussian(noiseVariance: 0.25), .full, .conjugate),
                   ("ivon diag", .gaussian(noiseVariance: 0.25), .diagonal, .ivon),
                   ("vogn diag", .gaussian(noiseVariance: 0.25), .diagonal, .vogn)]
                : [("laplace full", .bernoulli, .full, .laplace), ("laplace diag", .bernoulli, .diagonal, .laplace),
                   ("ivon diag", .bernoulli, .diagonal, .ivon), ("vogn diag", .bernoulli, .diagonal, .vogn)]
            for (name, likelihood, form, rule) in rules {
                let spec = ModelSpec(features: d, likelihood: likelihood, posterior: form, rule: rule, forgetting: alpha)
                out.append((name + suffix, Entry(model: spec, adaptive: adaptive)))
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String { Format.pad(self, width, right: true) }
}
