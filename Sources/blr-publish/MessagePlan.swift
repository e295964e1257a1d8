import Decode
import Foundation
import Inference
import Vocabulary

/// How examples become ingest messages (docs/PROTOCOL.md §1): batches of `--batch` examples, one seq each counting up
/// from `--start-seq`, every `--unlabelled-every`-th one without labels, with the optional epoch, ids and
/// timestamp, in the chosen wire form.
///
/// Each pass over the examples (`--epochs`) starts a new batch, so pass e has the same batches as pass 0 with
/// seqs shifted by e × ``messagesPerEpoch``.
struct MessagePlan {
    /// The topic, frame 0 of every message.
    let stream: String
    /// Binary frames or one JSON document.
    let format: WireFormat
    /// The dtype of x in the binary form.
    let precision: DType
    /// Labels as `<i8` class indices or counts rather than `<f8` targets.
    let integerLabels: Bool
    /// Examples per message (the last of a pass may have fewer).
    let batchSize: Int
    /// n, the examples in one pass.
    let examplesPerEpoch: Int
    /// How many passes.
    let epochs: Int
    /// The seq of the first message.
    let startSeq: UInt64
    /// The `epoch` header value, when one is sent.
    let epoch: UInt64?
    /// Every this-many-th message goes without y.
    let unlabelledEvery: Int?
    /// Send each example's index within the pass as its id.
    let includeIDs: Bool
    /// Send the wall-clock time of sending as `ts`.
    let includeTimestamps: Bool

    /// Messages per pass: ⌈n / batch⌉.
    var messagesPerEpoch: Int { (examplesPerEpoch + batchSize - 1) / batchSize }

    /// Messages in the whole run.
    var totalMessages: Int { messagesPerEpoch * epochs }

    /// The seq of the `index`-th message (0-based).
    func seq(ofMessage index: Int) -> UInt64 {
        startSeq + UInt64(index)
    }

    /// The seq of the message that carries example `example` of pass 0.
    func seq(ofExample example: Int) -> UInt64 {
        seq(ofMessage: example / batchSize)
    }

    /// Whether the `index`-th message (0-based) carries labels: all but every `unlabelledEvery`-th.
    func isLabelled(message index: Int) -> Bool {
        guard let every = unlabelledEvery else { return true }
        return (index + 1) % every != 0
    }

    /// The frames of the `index`-th message, holding examples `first ..< first + rows` of a pass.
    func frames(message index: Int, first: Int, x: [Double], y: [Double], features: Int) throws(PublishError)
        -> [[UInt8]]
    {
        let batch: Batch
        do {
            batch = try Batch(x: x, y: isLabelled(message: index) ? y : nil, features: features)
        } catch {
            throw PublishError("cannot build message \(seq(ofMessage: index)): \(error)")
        }
        let ids = includeIDs ? (first..<(first + batch.count)).map { ExampleID.int(Int64($0)) } : nil
        let ts = includeTimestamps ? Date().timeIntervalSince1970 : nil
        switch format {
        case .binary:
            return IngestEncoder.binary(
                stream: stream, seq: seq(ofMessage: index), epoch: epoch, batch: batch, integerLabels: integerLabels,
                precision: precision, ids: ids, ts: ts)
        case .json:
            return IngestEncoder.json(
                stream: stream, seq: seq(ofMessage: index), epoch: epoch, batch: batch, integerLabels: integerLabels,
                ids: ids, ts: ts)
        }
    }

    /// `binary, x <f8, y <i8` or `json`: how messages are encoded, for the start line.
    var encodingSummary: String {
        let labels = (integerLabels ? DType.i8 : .f8).rawValue
        switch format {
        case .binary: return "binary frames, x \(precision.rawValue), y \(labels)"
        case .json: return "JSON"
        }
    }
}

extension MessagePlan {
    /// One message of the plan, ready to send: its index, rows and frames.
    struct Outgoing {
        let index: Int
        let rows: Int
        let frames: [[UInt8]]
    }

    /// Walks the plan over `source` — every pass, batch by batch, each message when `pacer` says it is due — and
    /// hands each to `send`, which may restart the pacer (a subscriber that came back). The one send loop of
    /// ``Replay`` and ``ResumingReplay``.
    func forEachMessage(
        from source: inout any ExampleSource, pacer: inout Pacer,
        _ send: (Outgoing, inout Pacer) throws(PublishError) -> Void
    ) throws(PublishError) {
        var index = 0
        for _ in 0..<epochs {
            source.rewind()
            var first = 0
            while first < source.count {
                let rows = min(batchSize, source.count - first)
                let (x, y) = source.next(rows: rows)
                pacer.wait(forMessage: index)
                let frames = try self.frames(message: index, first: first, x: x, y: y, features: source.features)
                try send(Outgoing(index: index, rows: rows, frames: frames), &pacer)
                first += rows
                index += 1
            }
        }
    }
}
