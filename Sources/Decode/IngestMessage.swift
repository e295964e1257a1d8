import Inference
import Vocabulary

/// One validated ingest message (docs/PROTOCOL.md §1): a batch with its stream position and optional metadata.
public struct IngestMessage: Sendable, Equatable {
    /// Which of the two wire forms carried the message.
    public enum Form: String, Sendable, Hashable {
        /// Topic, JSON header, raw x bytes and (when labelled) raw y bytes.
        case binary
        /// Topic and one JSON document holding the numbers.
        case json
    }

    /// The stream (the topic of frame 0).
    public let stream: String
    /// The publisher's sequence number; (epoch, seq) increases along a stream.
    public let seq: UInt64
    /// The publisher's epoch, 0 when the header has none.
    public let epoch: UInt64
    /// x as doubles (n × d, row-major); y as doubles (class index, count or target) or nil when unlabelled.
    public let batch: Batch
    /// n example names, when the publisher sent them.
    public let ids: [ExampleID]?
    /// The publisher's timestamp (seconds), when sent.
    public let ts: Double?
    public let form: Form

    public init(
        stream: String, seq: UInt64, epoch: UInt64 = 0, batch: Batch, ids: [ExampleID]? = nil, ts: Double? = nil,
        form: Form
    ) {
        self.stream = stream
        self.seq = seq
        self.epoch = epoch
        self.batch = batch
        self.ids = ids
        self.ts = ts
        self.form = form
    }

    /// True when the batch has labels (it is learned from, not only predicted).
    public var isLabelled: Bool { batch.y != nil }
}
