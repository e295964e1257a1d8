import Foundation
import GRDB

/// The newest (epoch, seq) of a stream whose effect is on disk: the daemon resumes after it.
public struct StreamPosition: Equatable, Sendable {
    public var stream: String
    public var epoch: UInt64
    public var seq: UInt64
    /// When the position was written; `StateStore` stamps it with the time of the saving transaction.
    public var updatedAt: Date

    public init(stream: String, epoch: UInt64 = 0, seq: UInt64, updatedAt: Date = Date()) {
        self.stream = stream
        self.epoch = epoch
        self.seq = seq
        self.updatedAt = updatedAt
    }
}

extension StreamPosition: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stream_position"

    /// The table's columns, for GRDB's query interface.
    public enum Columns {
        public static let stream = Column("stream")
        public static let epoch = Column("epoch")
        public static let seq = Column("seq")
        public static let updatedAt = Column("updated_at")
    }

    public init(row: Row) throws {
        stream = row[Columns.stream]
        epoch = StoredInteger.unsigned(row[Columns.epoch] as Int64)
        seq = StoredInteger.unsigned(row[Columns.seq] as Int64)
        updatedAt = Date(timeIntervalSince1970: row[Columns.updatedAt])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.stream] = stream
        container[Columns.epoch] = StoredInteger.signed(epoch)
        container[Columns.seq] = StoredInteger.signed(seq)
        container[Columns.updatedAt] = updatedAt.timeIntervalSince1970
    }
}
