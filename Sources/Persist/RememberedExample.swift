import Foundation
import Vocabulary

/// One labelled example a model learned, as the what-if memory keeps it: where it came from in the stream, its
/// row in that batch, its id when the batch had ids, and its values.
public struct RememberedExample: Equatable, Sendable {
    public var epoch: UInt64
    public var seq: UInt64
    /// Row index in its batch.
    public var row: Int
    /// Its id as it arrived (stored as SQLite INTEGER or TEXT).
    public var id: ExampleID?
    /// d raw feature values.
    public var x: [Double]
    /// The label: target, class index or count.
    public var y: Double

    public init(epoch: UInt64, seq: UInt64, row: Int, id: ExampleID?, x: [Double], y: Double) {
        self.epoch = epoch
        self.seq = seq
        self.row = row
        self.id = id
        self.x = x
        self.y = y
    }
}

/// What one snapshot changes in a model's what-if memory, in the snapshot's transaction.
public struct MemoryWrite: Equatable, Sendable {
    public var model: String
    /// True: the stored rows are replaced by `rows` (after a restore, reset or applied what-if); false: `rows` are
    /// appended.
    public var replace: Bool
    /// Rows in learning order.
    public var rows: [RememberedExample]
    /// The most rows kept: the oldest beyond it are deleted.
    public var limit: Int

    public init(model: String, replace: Bool, rows: [RememberedExample], limit: Int) {
        self.model = model
        self.replace = replace
        self.rows = rows
        self.limit = limit
    }
}
