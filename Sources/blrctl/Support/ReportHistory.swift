import Foundation
import Inference
import Persist

/// What `blrctl report` plots, read from the state file alone: one point per readable snapshot of a model (its
/// position, the prequential scores recorded with it, the shown member's entropy and KL from the previous
/// snapshot, the members' weights) and the model's drift and sensitivity alerts.
///
/// A model average is shown through one member throughout: the leader of the newest snapshot, so that the
/// entropy and KL lines compare like with like.
struct ReportHistory {
    struct Point {
        var seq: UInt64
        var version: Int
        var metrics: [String: Double]
        var entropy: Double?
        /// KL(q_this ‖ q_previous) of the shown member, nats; nil for the first point or when the dimensions differ.
        var klFromPrevious: Double?
        var weights: [String: Double]
    }

    let model: String
    private(set) var points: [Point] = []
    /// Snapshots left out, with why (unreadable, or made before any batch).
    private(set) var skipped: [String] = []
    /// The member whose posterior the entropy and KL describe.
    let member: String
    /// Every member's name, in the newest snapshot's order.
    let members: [String]
    /// K for a classifier, nil for a regression or counts.
    let classes: Int?
    let likelihood: Likelihood
    let drift: [AlertRecord]
    let sensitivity: [AlertRecord]

    /// `last`: only the newest `last` snapshots (each is decoded, which takes time on a long history).
    init(store: StateStore, model: String, last: Int? = nil) throws {
        self.model = model
        let newest = try store.load(SnapshotRef(model: model, version: nil))
        member = newest.memberName
        members = newest.blob.learner.members.map(\.name)
        likelihood = newest.model.spec.likelihood
        classes = likelihood.classes
        drift = try store.alerts(kind: .drift, subject: model)
        sensitivity = try store.alerts(kind: .sensitivity, subject: model)
        var previous: Posterior?
        // One blob in memory at a time.
        let summaries = try store.snapshots(model: model)
        for summary in summaries.suffix(last ?? summaries.count) {
            let loaded: LoadedSnapshot
            do {
                loaded = try store.load(SnapshotRef(model: model, version: summary.version))
            } catch {
                skipped.append("version \(summary.version): \(error)")
                previous = nil
                continue
            }
            guard let seq = loaded.position?.seq else {
                skipped.append("version \(summary.version): made before any batch")
                continue
            }
            // An older snapshot without the member (the configuration changed) has no entropy or KL.
            let posterior = (try? loaded.selecting(member))?.posterior
            let kl = posterior.flatMap { q in previous.flatMap { try? GaussianDivergence.kl(q, $0) } }
            let learner = loaded.blob.learner
            points.append(
                Point(
                    seq: seq, version: summary.version, metrics: MetricsJSON.parse(summary.metricsJSON),
                    entropy: posterior?.entropy, klFromPrevious: kl,
                    weights: Dictionary(zip(learner.members.map(\.name), learner.weights)) { a, _ in a }))
            previous = posterior
        }
    }

    /// The cumulative score `name` at each point.
    func cumulative(_ name: String) -> [(x: Double, y: Double?)] {
        points.map { (Double($0.seq), $0.metrics[name]) }
    }

    /// The score `name` over each interval between consecutive snapshots, at the interval's end.
    func interval(_ name: String) -> [(x: Double, y: Double?)] {
        zip(points.dropLast(), points.dropFirst()).map { a, b in
            (Double(b.seq), IntervalMetrics.between(a.metrics, b.metrics, name))
        }
    }

    /// Whether any snapshot recorded `name`.
    func has(_ name: String) -> Bool { points.contains { $0.metrics[name] != nil } }
}
