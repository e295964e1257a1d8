import ArgumentParser
import Foundation
import Inference

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

    @Option(help: "Also print the score over each window of this many examples (0: off).")
    var window: Int = 0

    @Option(help: "Only models whose label contains this text.")
    var only: String?

    func run() throws {
        print("stream               model                         acc/rmse    ll/nll     ece15   recovery  samples/s")
        for name in streams.values {
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).json"))) as? [String: Any] ?? [:]
            let x = try NPYArray(contentsOf: "\(directory)/\(name).X.npy")
            let y = try NPYArray(contentsOf: "\(directory)/\(name).y.npy")
            let d = x.shape[1]
            let n = x.shape[0]
            let regression = (meta["task"] as? String) == "regression"
            let drifts = (meta["drift_points"] as? [Int]) ?? []
            for (label, spec) in Self.lineup(features: d, regression: regression, forgetting: forgetting.values)
            where only.map({ label.contains($0) }) ?? true {
                var windowed = PrequentialMetrics()
                var trace: [String] = []
                var model = try Model(spec: spec)
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
                    total.record(predictive, labels: ys)
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
                    let began = clock.now
                    do { try model.update(with: b) } catch { failures += 1 }
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
            }
        }
    }

    /// The models each stream is learned by: every rule at its defaults, plus fixed forgetting.
    static func lineup(features d: Int, regression: Bool, forgetting: [Double]) -> [(String, ModelSpec)] {
        var out: [(String, ModelSpec)] = []
        let alphas = [1.0] + forgetting
        for alpha in alphas {
            let suffix = alpha < 1 ? " α=\(alpha)" : ""
            if regression {
                let lik = Likelihood.gaussian(noiseVariance: 0.25)
                out.append(("conjugate full" + suffix, ModelSpec(features: d, likelihood: lik, posterior: .full, rule: .conjugate, forgetting: alpha)))
                out.append(("ivon diag" + suffix, ModelSpec(features: d, likelihood: lik, posterior: .diagonal, rule: .ivon, forgetting: alpha)))
                out.append(("vogn diag" + suffix, ModelSpec(features: d, likelihood: lik, posterior: .diagonal, rule: .vogn, forgetting: alpha)))
            } else {
                out.append(("laplace full" + suffix, ModelSpec(features: d, likelihood: .bernoulli, posterior: .full, rule: .laplace, forgetting: alpha)))
                out.append(("laplace diag" + suffix, ModelSpec(features: d, likelihood: .bernoulli, posterior: .diagonal, rule: .laplace, forgetting: alpha)))
                out.append(("ivon diag" + suffix, ModelSpec(features: d, likelihood: .bernoulli, posterior: .diagonal, rule: .ivon, forgetting: alpha)))
                out.append(("vogn diag" + suffix, ModelSpec(features: d, likelihood: .bernoulli, posterior: .diagonal, rule: .vogn, forgetting: alpha)))
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String { Format.pad(self, width, right: true) }
}
