/// Prequential scores over the newest examples only — windows of about 1 000 and 10 000 — beside the cumulative
/// `PrequentialMetrics`, so a model that was good once and is poor now shows it.
///
/// A window is the newest whole batches holding at most its size in examples (always at least the newest
/// batch): batches are the unit the daemon scores, and splitting one would need per-example state. Each window
/// keeps running sums, adding a batch as it arrives and removing the oldest as they fall out (amortised O(1) per
/// batch); the sums are recomputed from the stored batches whenever the buffer is compacted, so rounding from
/// the subtractions never accumulates. The stored batches are `BatchScores`, only the sums, not the examples.
///
/// Not persisted: after a restart the windows fill again from the next batches.
///
/// References: Gama, Sebastião & Rodrigues, "On evaluating stream learning algorithms", Machine Learning 90
/// (2013) — prequential error over sliding windows.
public struct RollingMetrics: Sendable, Equatable {
    /// The window sizes, in examples.
    public static let sizes = [1_000, 10_000]

    /// Scores of the newest batches, oldest first; `entries[starts[w]...]` is window w.
    private var entries: [BatchScores] = []
    private var starts: [Int]
    private var sums: [PrequentialMetrics]
    public let limits: [Int]

    /// - Parameter limits: the window sizes in examples, each ≥ 1 (the daemon's are `sizes`).
    public init(limits: [Int] = Self.sizes) {
        precondition(limits.allSatisfy { $0 >= 1 }, "a window holds at least one example")
        self.limits = limits
        starts = Array(repeating: 0, count: limits.count)
        sums = Array(repeating: PrequentialMetrics(), count: limits.count)
    }

    /// Scores one labelled batch (its surprise as returned by `PrequentialMetrics.record`) into every window.
    public mutating func record(_ predictive: Predictive, labels y: [Double], surprise: [Double]) {
        var batch = PrequentialMetrics()
        batch.record(predictive, labels: y, surprise: surprise)
        append(BatchScores(batch))
    }

    mutating func append(_ batch: BatchScores) {
        entries.append(batch)
        for w in limits.indices {
            sums[w].add(batch)
            while sums[w].count > limits[w], starts[w] < entries.count - 1 {
                sums[w].add(entries[starts[w]], sign: -1)
                starts[w] += 1
            }
        }
        let oldest = starts.min() ?? entries.count
        if oldest >= 1024, oldest * 2 >= entries.count { compact(dropping: oldest) }
    }

    /// Drops the batches no window holds and recomputes every window's sums from the batches it holds.
    private mutating func compact(dropping n: Int) {
        entries.removeFirst(n)
        for w in limits.indices {
            starts[w] -= n
            var sum = PrequentialMetrics()
            for batch in entries[starts[w]...] { sum.add(batch) }
            sums[w] = sum
        }
    }

    /// The same scores without the stored batches, for readers (the status board): a copy that shared them would
    /// make the next `record` copy them all.
    public var scoresOnly: RollingMetrics {
        var copy = self
        copy.entries = []
        copy.starts = Array(repeating: 0, count: limits.count)
        return copy
    }

    /// Window w's scores (the window of `limits[w]` examples).
    public func window(_ w: Int) -> PrequentialMetrics { sums[w] }
}
