import Decode
import Inference
import Persist
import Vocabulary

/// A model's what-if memory in the daemon: the newest `limit` labelled examples its posterior learned, oldest
/// first, and what the next snapshot must write of it. Appending is the only work on the batch path (a copy of
/// the batch's rows); SQLite sees the rows on the stream's snapshot-writer thread, in the snapshot's
/// transaction, so the stored memory always matches a stored posterior.
struct ExampleMemory: Sendable {
    /// `[[model]] whatif_memory`; 0: nothing is remembered.
    let limit: Int
    /// Oldest first; at most 2·limit before trimming (amortised), `rows` is the newest `limit` of them.
    private var buffer: [RememberedExample] = []
    /// Rows learned since the last snapshot took them.
    private var pending: [RememberedExample] = []
    /// The stored rows are no longer a prefix of these (restore, reset, applied what-if): rewrite them all.
    private var rewrite = false

    init(limit: Int, rows: [RememberedExample] = []) {
        self.limit = max(limit, 0)
        buffer = Array(rows.suffix(self.limit))
    }

    /// The remembered examples, oldest first.
    var rows: ArraySlice<RememberedExample> { buffer.suffix(limit) }

    /// Remembers a learned batch.
    mutating func remember(_ batch: Batch, ids: [ExampleID]?, at position: BatchPosition) {
        guard limit > 0, let y = batch.y else { return }
        let d = batch.features
        let first = max(0, batch.count - limit)
        for i in first..<batch.count {
            let row = RememberedExample(
                epoch: position.epoch, seq: position.seq, row: i, id: ids?[i],
                x: Array(batch.x[(i * d)..<((i + 1) * d)]), y: y[i])
            buffer.append(row)
            pending.append(row)
        }
        if buffer.count >= 2 * limit { buffer.removeFirst(buffer.count - limit) }
        if pending.count >= 2 * limit { pending.removeFirst(pending.count - limit) }
    }

    /// What the snapshot being taken writes, nil when nothing changed; the memory then counts as written.
    mutating func take(model: String) -> MemoryWrite? {
        guard rewrite || !pending.isEmpty else { return nil }
        defer {
            pending = []
            rewrite = false
        }
        return MemoryWrite(
            model: model, replace: rewrite, rows: rewrite ? Array(rows) : Array(pending.suffix(limit)), limit: limit)
    }

    /// Forgets everything (a reset: the prior has learned nothing).
    mutating func clear() {
        buffer = []
        pending = []
        rewrite = true
    }

    /// Keeps the rows at or before `position` (a restore: what came later is not in the restored posterior).
    mutating func keep(through position: BatchPosition?) {
        buffer = rows.filter { row in position.map { BatchPosition(epoch: row.epoch, seq: row.seq) <= $0 } ?? false }
        pending = []
        rewrite = true
    }

    /// Forgets rows `indices` of `rows` (an applied what-if).
    mutating func remove(_ indices: Set<Int>) {
        buffer = rows.enumerated().filter { !indices.contains($0.offset) }.map(\.element)
        pending = []
        rewrite = true
    }
}
