import GRDB

extension StateStore {
    /// The durable position of `stream`, or nil before its first snapshot.
    public func streamPosition(stream: String) throws -> StreamPosition? {
        try read { db in try StreamPosition.fetchOne(db, key: stream) }
    }

    /// The durable positions of every stream, by stream name.
    public func streamPositions() throws -> [StreamPosition] {
        try read { db in try StreamPosition.order(StreamPosition.Columns.stream).fetchAll(db) }
    }

    /// Saves stream positions without a snapshot (e.g. for a stream no model learned from yet).
    public func savePositions(_ positions: [StreamPosition]) throws {
        try saveSnapshots([], positions: positions)
    }
}
