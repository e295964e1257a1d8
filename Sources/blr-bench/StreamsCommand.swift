import ArgumentParser
import Decode
import Foundation
import Inference
import NumpyFiles
import Vocabulary

/// `blr-bench streams`: prequential runs of the inference core, in process, on the public benchmark streams
/// (`../shared/streams` when present), scored like the shared metrics.py. No sockets or database: this
/// measures what the learners and their defaults learn; the end-to-end benchmark goes through the daemon.
struct StreamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streams",
        abstract:
            "Score the default model, its members and the diagonal rules (linear, MLP) prequentially on the public benchmark streams, in process."
    )

    @Option(help: "Folder with NAME.X.npy, NAME.y.npy and NAME.json.")
    var directory: String = "../shared/streams"

    @Option(help: "Examples per batch.")
    var batch: Int = 64

    @Option(help: "Streams to run (comma-separated).")
    var streams: CommaList<String> = [
        "sea_abrupt", "hyperplane_gradual", "linreg_stationary", "linreg_switch", "bananas",
    ]

    @Option(help: "Only learners whose label contains this text.")
    var only: String?

    @Option(help: "The random-feature member's lengthscale (default: auto's).")
    var lengthscale: Double?

    @Option(help: "The random-feature member's width.")
    var width: Int = Learner.defaultFeatureWidth

    @Option(help: "Hidden widths of the MLP learners (comma-separated).")
    var hidden: CommaList<Int> = [32]

    @Option(help: "The drift detector of every learner: bocpd or cusum.")
    var detector: String = "bocpd"

    @Option(help: "The change-point beam's hazard per example.")
    var hazard: Double = ChangePointBeam.Settings().hazard

    @Option(help: "The change-point beam's challengers.")
    var capacity: Int = ChangePointBeam.Settings().capacity

    @Option(help: "Examples between scheduled challengers.")
    var spawnEvery: Int = ChangePointBeam.Settings().spawnEvery

    @Option(help: "A challenger's evidence at birth, in examples.")
    var birthMemory: Double = ChangePointBeam.Settings().birthMemory

    @Option(help: "The posterior probability that confirms a change.")
    var confidence: Double = ChangePointBeam.Settings().confidence

    /// Every learner's drift response with the chosen detector.
    func withDetector(_ learner: Learner) -> Learner {
        var out = learner
        if detector == "cusum" {
            out.drift.beam = nil
        } else {
            let settings = ChangePointBeam.Settings(
                hazard: hazard, capacity: capacity, spawnEvery: spawnEvery, birthMemory: birthMemory,
                confidence: confidence)
            out.drift.beam = ChangePointBeam(
                settings: settings.fitted(to: learner.members[learner.anchor].model.posterior))
        }
        return out
    }

    func run() throws {
        print(
            "stream               learner                   acc/rmse   ll/nll  (uncal.)    ece15  (uncal.)  picp90  alarms  samples/s  weights"
        )
        for name in streams.values {
            let meta = try JSONValue.parse(Array(Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).json"))))
            let x = try NPYArray(path: "\(directory)/\(name).X.npy")
            let y = try NPYArray(path: "\(directory)/\(name).y.npy")
            let d = x.shape[1]
            let n = x.shape[0]
            let likelihood: Likelihood =
                switch meta["task"]?.stringValue.flatMap(LearningTask.init(rawValue:)) {
                case .regression: .gaussian(noiseVariance: 1)
                case .multiclass: .categorical(classes: meta["n_classes"]?.exactUInt64.map { Int($0) } ?? 2)
                default: .bernoulli
                }
            for (label, made) in Self.lineup(
                features: d, likelihood: likelihood, lengthscale: lengthscale, width: width, hidden: hidden.values)
            where only.map({ label.contains($0) }) ?? true {
                var learner = withDetector(try made())
                let drifts = meta["drift_points"]?.arrayValue?.compactMap { $0.exactUInt64.map { Int($0) } } ?? []
                var hits: [Double] = []
                var alarmAt: [String] = []
                var published = PrequentialMetrics()
                var uncalibrated = PrequentialMetrics()
                var alarms = 0
                let clock = ContinuousClock()
                var elapsed = Duration.zero
                var refusals = 0
                var start = 0
                while start < n {
                    let end = min(n, start + batch)
                    let b = try Batch(
                        x: Array(x.values[(start * d)..<(end * d)]), y: Array(y.values[start..<end]), features: d)
                    let began = clock.now
                    let prediction = try learner.predict(b)
                    let outcome = learner.learn(b, after: prediction)
                    elapsed += clock.now - began
                    published.record(prediction.published, labels: b.y!)
                    uncalibrated.record(prediction.uncalibrated, labels: b.y!)
                    if outcome.alarm {
                        alarms += 1
                        let p = outcome.changeProbability.map { " p=\(Format.fixed($0, 2))" } ?? ""
                        alarmAt.append("\(end)\(outcome.runLength.map { " r=\($0)" } ?? "")\(p)")
                    }
                    hits += Self.hits(prediction.published, labels: b.y!)
                    refusals += outcome.refusals.count
                    start = end
                }
                let regression = published.rmse != nil
                let cells = [
                    Format.fixed((regression ? published.rmse : published.accuracy) ?? .nan, 4).leftPad(8),
                    Format.fixed((regression ? published.nll : published.logLoss) ?? .nan, 4).leftPad(8),
                    Format.fixed((regression ? uncalibrated.nll : uncalibrated.logLoss) ?? .nan, 4).leftPad(9),
                    Format.fixed(published.ece ?? .nan, 4).leftPad(8),
                    Format.fixed(uncalibrated.ece ?? .nan, 4).leftPad(9),
                    Format.fixed(published.picp90 ?? .nan, 3).leftPad(7), "\(alarms)".leftPad(7),
                    Format.fixed(Double(n) / Format.seconds(elapsed), 0).leftPad(10),
                ]
                let weights = zip(learner.members, learner.weights).map { "\($0.name) \(Format.fixed($1, 3))" }.joined(
                    separator: ", ")
                print(
                    name.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                        + label.padding(toLength: 24, withPad: " ", startingAt: 0)
                        + cells.joined(separator: " ") + "  " + (learner.members.count > 1 ? weights : "")
                        + (refusals > 0 ? "  (\(refusals) refused)" : ""))
                if !drifts.isEmpty || alarms > 0 {
                    let windows = drifts.map { t in hits[t..<min(hits.count, t + 1000)] }
                    let recovery = windows.map { $0.reduce(0, +) / Double(max($0.count, 1)) }
                    let mean = recovery.reduce(0, +) / Double(max(recovery.count, 1))
                    print(
                        "    alarms at \(alarmAt.joined(separator: ", "))"
                            + (drifts.isEmpty
                                ? ""
                                : "; recovery \(recovery.map { Format.fixed($0, 4) }) mean \(Format.fixed(mean, 4))"))
                }
            }
        }
    }

    /// Per row: 1 when the most probable class is the label (classification), else the squared error.
    static func hits(_ p: Predictive, labels y: [Double]) -> [Double] {
        switch p {
        case .probabilities(let probs, let k):
            return y.indices.map { i in
                let row = probs[(i * k)..<((i + 1) * k)]
                return Double(row.indices.max { row[$0] < row[$1] }! - i * k) == y[i] ? 1 : 0
            }
        case .gaussian(let mean, _, _), .poisson(let mean, _):
            return y.indices.map { (y[$0] - mean[$0]) * (y[$0] - mean[$0]) }
        }
    }

    /// The default model, and each of its members alone (adaptive, calibrated), for comparison; then the diagonal
    /// rules with their defaults on a linear readout and on an MLP with `hidden` tanh units (adaptive, calibrated).
    static func lineup(features d: Int, likelihood: Likelihood, lengthscale: Double?, width: Int, hidden: [Int] = [32])
        -> [(String, () throws -> Learner)]
    {
        let auto = {
            try Learner.automatic(features: d, likelihood: likelihood, lengthscale: lengthscale, width: width)
        }
        var out: [(String, () throws -> Learner)] = [("auto", auto)]
        guard let members = try? auto().members else { return out }
        for member in members {
            out.append((member.name, { try Learner(members: [member], drift: DriftResponse(acts: true)) }))
        }
        for (tag, network) in [
            ("linear", Network.linear(bias: true)), ("mlp", .mlp(hidden: hidden, activation: .tanh, bias: true)),
        ] {
            for rule in [Rule.ivon, .vogn] {
                let name = "\(tag)-\(rule.rawValue)"
                let spec = ModelSpec(
                    features: d, likelihood: likelihood, network: network, posterior: .diagonal, rule: rule)
                out.append(
                    (
                        name,
                        { try Learner(members: [try Member(name: name, spec: spec)], drift: DriftResponse(acts: true)) }
                    ))
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String { Format.pad(self, width, right: true) }
}
