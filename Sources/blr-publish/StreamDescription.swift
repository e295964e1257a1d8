import Decode
import Vocabulary

/// The daemon's `describe` reply for one stream: what it accepts, where it stands and what of it is on disk.
struct StreamDescription {
    /// The daemon's id for this start; a new one means it restarted.
    let instance: String
    let features: Int
    /// The stream's task (nil: a task this build does not know).
    let task: LearningTask?
    /// K for binary (2) and multiclass streams, nil otherwise.
    let classes: Int?
    /// The newest applied position (nil: nothing applied and nothing stored).
    let last: WirePosition?
    /// The newest position every model of the stream has on disk (nil: none yet).
    let durable: WirePosition?
    /// Counters since this instance started.
    let rejected: Int
    let gaps: Int
    /// `seq 7 (seq_not_increasing: …)`, the newest rejection, for messages.
    let lastRejection: String?
    /// Its code (`seq_not_increasing`, `label_range`, …).
    let lastRejectionCode: String?
    /// The stream's models, for snapshot requests.
    let models: [String]

    /// - Throws: ``PublishError`` when a required key is missing (a daemon without `describe`).
    init(reply: [String: JSONValue], endpoint: String) throws(PublishError) {
        guard let instance = reply["instance"]?.stringValue, let features = reply["features"]?.exactUInt64,
            let task = reply["task"]?.stringValue
        else {
            throw PublishError("the describe reply of \(endpoint) lacks instance, features or task: is it blrd?")
        }
        self.instance = instance
        self.features = Int(features)
        self.task = LearningTask(rawValue: task)
        classes = reply["classes"]?.exactUInt64.map { Int($0) }
        let epoch = reply["epoch"]?.exactUInt64 ?? 0
        last = reply["last_seq"]?.exactUInt64.map { WirePosition(epoch: epoch, seq: $0) }
        durable = reply["durable_seq"]?.exactUInt64.map {
            WirePosition(epoch: reply["durable_epoch"]?.exactUInt64 ?? epoch, seq: $0)
        }
        rejected = Int(reply["rejected"]?.exactUInt64 ?? 0)
        gaps = Int(reply["gaps"]?.exactUInt64 ?? 0)
        lastRejection = reply["last_rejection"]?.objectValue.map { r in
            let seq = r["seq"]?.exactUInt64.map { "seq \($0)" } ?? "an unreadable seq"
            return "\(seq) (\(r["code"]?.stringValue ?? "?"): \(r["reason"]?.stringValue ?? "?"))"
        }
        lastRejectionCode = reply["last_rejection"]?["code"]?.stringValue
        models = reply["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Refuses a run whose messages the daemon would reject whole: another d, another task, labels beyond K.
    ///
    /// - Parameter classes: the labels' K (largest label + 1) for multiclass data.
    func check(stream: String, features d: Int, task: LearningTask, classes k: Int?) throws(PublishError) {
        var problems: [String] = []
        if d != features { problems.append("it has \(features) features, this run sends \(d)") }
        if task != self.task {
            problems.append(
                "its task is \(self.task?.rawValue ?? "unknown"), this run sends \(task.rawValue) labels (see --task)")
        } else if let k, let classes, k > classes {
            problems.append("it has \(classes) classes, this run's labels go up to \(k - 1)")
        }
        guard problems.isEmpty else {
            throw PublishError(
                "blrd's stream \"\(stream)\" does not match this run: \(problems.joined(separator: "; "))")
        }
    }
}
