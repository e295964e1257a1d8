import Inference

/// What the control server reads while the workers run: per stream its counters, per model its current
/// session (learner and scores). Workers write after every batch; readers take copies (copy-on-write).
final class StatusBoard: Sendable {
    struct StreamStatus: Sendable {
        var epoch: UInt64 = 0
        var lastSeq: UInt64?
        var durableSeq: UInt64?
        var batches = 0
        var rejected = 0
        var gaps = 0
        /// Bytes of every message addressed to the stream, accepted or rejected.
        var bytes = 0
        /// Rejected messages by their `code`.
        var rejectedByCode: [String: Int] = [:]
        /// Consecutive failed writes of the stream's state, the newest one's message, and whether the stream
        /// still accepts messages.
        var persistFailures = 0
        var persistError: String?
        var accepting = true
        /// The epoch of `durableSeq` (it may lag `epoch` right after a publisher starts a new one).
        var durableEpoch: UInt64?
        /// The newest rejected message: its seq (when readable), the reason's code and text.
        var lastRejection: Rejection?
    }

    struct Rejection: Sendable {
        var seq: UInt64?
        var code: String
        var reason: String
    }

    struct ModelStatus: Sendable {
        var stream: String
        var session: ModelSession
        var version: Int
        var seq: UInt64?
        var durableSeq: UInt64?
        /// What the stream's pipeline counted for this model since the daemon started.
        var counters = ModelCounters()
    }

    private let streams = Locked<[String: StreamStatus]>([:])
    private let models = Locked<[String: ModelStatus]>([:])
    private let subscribed = Locked<Set<String>>([])
    private let snapshotTimes = Locked<[String: LatencyHistogram]>([:])

    /// Called by the snapshot writer after each committed snapshot of model `name`.
    func recordSnapshot(model name: String, _ duration: Duration) {
        snapshotTimes.withLock { $0[name, default: LatencyHistogram()].record(duration) }
    }
    /// How long each model's snapshots took to encode and commit.
    var snapshotSeconds: [String: LatencyHistogram] { snapshotTimes.current }

    /// Called by a stream's worker once its socket has subscribed.
    func markSubscribed(stream name: String) { _ = subscribed.withLock { $0.insert(name) } }
    var subscribedStreams: Set<String> { subscribed.current }

    func update(stream name: String, _ body: (inout StreamStatus) -> Void) {
        streams.withLock { body(&$0[name, default: StreamStatus()]) }
    }

    func set(model name: String, _ status: ModelStatus) {
        models.withLock { $0[name] = status }
    }

    /// Changes a model's entry in place (e.g. its durable seq, once a snapshot commits).
    func update(model name: String, _ body: (inout ModelStatus) -> Void) {
        models.withLock { all in
            if var status = all[name] {
                body(&status)
                all[name] = status
            }
        }
    }

    func stream(_ name: String) -> StreamStatus? { streams.withLock { $0[name] } }
    func model(_ name: String) -> ModelStatus? { models.withLock { $0[name] } }
    var allStreams: [String: StreamStatus] { streams.current }
    var allModels: [String: ModelStatus] { models.current }
}
