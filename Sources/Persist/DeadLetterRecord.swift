import Foundation
import GRDB

/// A rejected ingest message, kept for inspection: its frames (possibly truncated) and why it was rejected.
public struct DeadLetterRecord: Equatable, Sendable {
    public var id: Int64
    public var stream: String
    /// The message's seq, when its header was readable.
    public var seq: UInt64?
    public var reason: String
    /// The stored frames: all of them, or a prefix cut at the store's payload limit.
    public var frames: [[UInt8]]
    /// How many frames the message had.
    public var frameCount: Int
    /// The total length of the message's frames before truncation.
    public var originalSize: Int
    public var createdAt: Date

    /// Whether `frames` lost bytes or whole frames to the payload limit.
    public var isTruncated: Bool {
        frames.count < frameCount || frames.reduce(0) { $0 + $1.count } < originalSize
    }
}

extension DeadLetterRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "dead_letter"

    /// The table's columns, for GRDB's query interface.
    public enum Columns {
        public static let id = Column("id")
        public static let stream = Column("stream")
        public static let seq = Column("seq")
        public static let reason = Column("reason")
        public static let payload = Column("payload")
        public static let frameCount = Column("frame_count")
        public static let originalSize = Column("original_size")
        public static let createdAt = Column("created_at")
    }

    public init(row: Row) throws {
        id = row[Columns.id]
        stream = row[Columns.stream]
        seq = StoredInteger.unsignedIfPresent(row[Columns.seq] as Int64?)
        reason = row[Columns.reason]
        let payload: Data = row[Columns.payload]
        frames = try FramePayload.decode([UInt8](payload))
        frameCount = row[Columns.frameCount]
        originalSize = row[Columns.originalSize]
        createdAt = Date(timeIntervalSince1970: row[Columns.createdAt])
    }
}
