import Decode
import Inference

/// How `[daemon] memory_limit` bounds what blrd holds in queues, in bytes (issue 8): ZeroMQ bounds its queues
/// in messages (high-water marks), so the marks are derived from the limit and the largest message each queue
/// can hold.
///
/// Half the limit is for ingest, shared equally by the streams. A stream's SUB socket queues at most
/// `receiveHighWaterMark` messages of at most `max_message_bytes` (a quarter of its share), and its thread holds
/// one drained group of at most `groupBytes` of frames (an eighth of its share) plus their decoded batches (up
/// to twice the frames: f4 becomes f8) — so a stream stays within ⅝ of its share, or one message when a single
/// message is larger. The other half is for publications not yet sent: libzmq's PUB keeps a queue per subscriber
/// of at most `publishHighWaterMark` messages, each at most `largestPublication` bytes (a `pred/` of the largest
/// batch, or the largest `model/`), for up to `max_subscribers` slow subscribers; a subscriber whose queue is full
/// misses messages (PUB drops, it never blocks), which it sees as a jump in `pubseq`.
///
/// Explicit `receive_hwm` / `publish_hwm` override the derived marks but must fit the same shares.
public struct MemoryBudget: Sendable, Equatable {
    public var receiveHighWaterMark: Int
    public var publishHighWaterMark: Int
    /// The most frame bytes a stream drains into one journaled group (always at least one message).
    public var groupBytes: Int
    /// The largest message blrd may publish, bytes.
    public var largestPublication: Int

    /// The budget of `config`, or a message saying which setting cannot fit.
    public static func of(_ config: DaemonConfig) -> Result<MemoryBudget, BudgetError> {
        let d = config.daemon
        let streams = max(1, config.streams.count)
        let streamShare = d.memoryLimit / 2 / streams
        let queued = streamShare / 4
        let derivedReceive = queued / d.maxMessageBytes
        guard derivedReceive >= 1 || d.receiveHighWaterMark != nil else {
            return .failure(
                BudgetError(
                    key: "memory_limit",
                    message:
                        "\(bytes(d.memoryLimit)) leaves \(bytes(queued)) of queue per stream (\(streams) streams), "
                        + "less than one message of max_message_bytes = \(bytes(d.maxMessageBytes)): raise memory_limit "
                        + "to at least \(bytes(8 * streams * d.maxMessageBytes)) or lower max_message_bytes"))
        }
        let receive = d.receiveHighWaterMark ?? derivedReceive
        if receive * d.maxMessageBytes > queued {
            return .failure(
                BudgetError(
                    key: "receive_hwm",
                    message:
                        "\(receive) messages of up to \(bytes(d.maxMessageBytes)) need \(bytes(receive * d.maxMessageBytes)) "
                        + "per stream; memory_limit = \(bytes(d.memoryLimit)) allows \(bytes(queued)) (\(derivedReceive) messages): "
                        + "remove receive_hwm to derive it, raise memory_limit or lower max_message_bytes"))
        }
        let largest =
            config.streams.map {
                largestPublication(of: $0, models: config.models(of: $0.name), maxMessageBytes: d.maxMessageBytes)
            }.max() ?? 1024
        let publications = d.memoryLimit / 2 / d.maxSubscribers
        let derivedPublish = publications / largest
        guard derivedPublish >= 1 || d.publishHighWaterMark != nil else {
            return .failure(
                BudgetError(
                    key: "memory_limit",
                    message: "\(bytes(d.memoryLimit)) leaves \(bytes(publications)) per subscriber (max_subscribers = "
                        + "\(d.maxSubscribers)), less than one publication of up to \(bytes(largest)) (a pred/ of the "
                        + "largest batch max_message_bytes allows, or the largest model/): raise memory_limit, lower "
                        + "max_message_bytes or max_subscribers"))
        }
        let publish = d.publishHighWaterMark ?? derivedPublish
        if publish * largest > publications {
            return .failure(
                BudgetError(
                    key: "publish_hwm",
                    message: "\(publish) publications of up to \(bytes(largest)) need \(bytes(publish * largest)) per "
                        + "subscriber; memory_limit = \(bytes(d.memoryLimit)) allows \(bytes(publications)) "
                        + "(\(derivedPublish) messages) for each of max_subscribers = \(d.maxSubscribers): remove "
                        + "publish_hwm to derive it, or raise memory_limit"))
        }
        return .success(
            MemoryBudget(
                receiveHighWaterMark: receive, publishHighWaterMark: publish, groupBytes: max(1, streamShare / 8),
                largestPublication: largest))
    }

    /// The largest message a stream's models publish: a `pred/` of the most rows a message can carry (f4 x and y;
    /// K probabilities or a mean and a variance per row) or of a message made of echoed ids (each id costs about
    /// what it cost in the message), or a `model/` at the prior (its size does not change as it learns).
    static func largestPublication(of stream: StreamConfig, models: [ModelConfig], maxMessageBytes: Int) -> Int {
        let rows = maxMessageBytes / (4 * max(1, stream.features) + 4)
        let columns = max(2, stream.classes ?? 2)
        let prediction = max(rows * columns * 8, maxMessageBytes) + 4096
        let model =
            models.map { m in
                OutboundEncoder.model(
                    model: m.name, stream: stream.name, version: 1, seq: 0, durableSeq: nil, rule: m.rule,
                    learner: m.learner, metrics: [:], pubseq: 0, instance: ""
                ).reduce(4096) { $0 + $1.count }
            }.max() ?? 0
        return max(prediction, model)
    }

    /// A byte count as an operator reads it (GiB, MiB, KiB).
    public static func bytes(_ n: Int) -> String {
        if n >= 1 << 30 && n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20 { return "\(n >> 20) MiB" }
        if n >= 1 << 10 { return "\(n >> 10) KiB" }
        return "\(n) B"
    }
}

/// A `[daemon]` memory setting that cannot fit `memory_limit`.
public struct BudgetError: Error, Equatable, Sendable {
    public var key: String
    public var message: String
}
