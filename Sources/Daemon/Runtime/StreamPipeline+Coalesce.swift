import Decode
import Inference

/// `coalesce = N` (a `[[stream]]` key; default 1, off). Under backlog, up to N labelled messages drained in one
/// group — consecutive seqs of one epoch, without `ids`, none of them seen by any model yet — are learned as one
/// batch: one step of each model's rule on their rows together, exactly as if the publisher had sent one message
/// with all their rows and the last one's seq. Each message still gets its own `pred/`, in order, with its own seq;
/// all of them are predicted by the posterior before the chunk (their `version`). The chunk's `model/`, alerts
/// and journal entry carry the last seq; the journal keeps the chunk as that one message, so a restart replays it
/// as it was learned (bit-exact).
///
/// Why: at B = 1 a model's update costs about the same for one row as for 64 (the rule's fixed work per step —
/// calibrator, metrics, drift test — dominates at d = 10; callgrind in the runtime's closing note), so a backlog
/// of one-example messages learned one step each is bounded by the rule, not by the runtime.
extension StreamPipeline {
    /// One message of a coalesced chunk: its position, its rows in the chunk's batch, and its frames as received
    /// (a refused chunk is refused message by message).
    struct Part {
        var position: BatchPosition
        var rows: Range<Int>
        var frames: [[UInt8]]
    }

    /// `accepted` with runs of coalescible messages replaced by one chunk each (unchanged when `coalesce` is 1).
    func coalesced(_ accepted: [Accepted]) -> [Accepted] {
        let limit = stream.coalesce
        guard limit > 1, accepted.count > 1 else { return accepted }
        var out: [Accepted] = []
        out.reserveCapacity(accepted.count)
        var run: [Accepted] = []
        var rows = 0
        func flush() {
            if run.count > 1, let chunk = combine(run) { out.append(chunk) } else { out.append(contentsOf: run) }
            run = []
            rows = 0
        }
        for a in accepted {
            let fits =
                a.message.isLabelled && a.message.ids == nil && a.parts == nil
                && !sessions.contains { $0.hasSeen(a.position) }
            guard fits else {
                flush()
                out.append(a)
                continue
            }
            if let last = run.last,
                last.position.epoch != a.position.epoch || a.position.seq != last.position.seq + 1 || run.count >= limit
                    || (rows + a.message.batch.count) * spec.features > maxElements
            {
                flush()
            }
            run.append(a)
            rows += a.message.batch.count
        }
        flush()
        return out
    }

    /// The chunk as one message, encoded (f8 x, the stream's label type) and decoded again, so what is learned is
    /// what the journal holds; nil if it does not decode (the messages are then learned one by one).
    private func combine(_ run: [Accepted]) -> Accepted? {
        let last = run[run.count - 1]
        var x: [Double] = []
        var y: [Double] = []
        var parts: [Part] = []
        for a in run {
            let start = y.count
            x.append(contentsOf: a.message.batch.x)
            y.append(contentsOf: a.message.batch.y ?? [])
            parts.append(Part(position: a.position, rows: start..<y.count, frames: a.frames))
        }
        guard let batch = try? Batch(x: x, y: y, features: spec.features) else { return nil }
        let frames = IngestEncoder.binary(
            stream: stream.name, seq: last.position.seq, epoch: last.position.epoch, batch: batch,
            integerLabels: spec.task != .regression)
        guard let message = try? IngestDecoder.decode(frames, stream: spec, maxElements: maxElements) else {
            return nil
        }
        return Accepted(
            message: message, position: last.position, frames: frames, previous: run[0].previous, parts: parts)
    }
}

extension Predictive {
    /// The predictive of rows `r` of its batch.
    func rows(_ r: Range<Int>) -> Predictive {
        switch self {
        case .gaussian(let mean, let variance, let dof):
            return .gaussian(mean: Array(mean[r]), variance: Array(variance[r]), dof: dof)
        case .probabilities(let p, let classes):
            return .probabilities(Array(p[(r.lowerBound * classes)..<(r.upperBound * classes)]), classes: classes)
        case .poisson(let rate, let variance):
            return .poisson(rate: Array(rate[r]), variance: Array(variance[r]))
        }
    }
}
