import Foundation
import GRDB

/// A stored snapshot with its blob.
public struct SnapshotRecord: Equatable, Sendable {
    /// The row id (unique across models).
    public var id: Int64
    public var model: String
    /// Per-model version, increasing from 1.
    public var version: Int
    public var epoch: UInt64
    /// The newest stream seq the posterior includes; nil for a snapshot made before any batch.
    public var seq: UInt64?
    public var rule: String
    public var family: String
    /// The inference core's encoded state, exactly as saved.
    public var state: [UInt8]
    /// The stored checksum text (`fnv1a64:…`).
    public var checksum: String
    public var metricsJSON: String
    public var reason: SnapshotReason
    public var createdAt: Date

    /// Why `state` does not match `checksum`, or nil when it does.
    public var corruption: String? { Checksum.mismatch(stored: checksum, bytes: state) }

    /// The record without its blob.
    public var summary: SnapshotSummary {
        SnapshotSummary(
            id: id, model: model, version: version, epoch: epoch, seq: seq, rule: rule, family: family,
            checksum: checksum, metricsJSON: metricsJSON, reason: reason, createdAt: createdAt, stateSize: state.count)
    }
}

extension SnapshotRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "snapshot"

    /// The table's columns, for GRDB's query interface.
    public enum Columns {
        public static let id = Column("id")
        public static let model = Column("model")
        public static let version = Column("version")
        public static let epoch = Column("epoch")
        public static let seq = Column("seq")
        public static let rule = Column("rule")
        public static let family = Column("family")
        public static let state = Column("state")
        public static let checksum = Column("checksum")
        public static let metricsJSON = Column("metrics_json")
        public static let reason = Column("reason")
        public static let createdAt = Column("created_at")
    }

    public init(row: Row) throws {
        let summary = try SnapshotSummary(row: row)
        id = summary.id
        model = summary.model
        version = summary.version
        epoch = summary.epoch
        seq = summary.seq
        rule = summary.rule
        family = summary.family
        checksum = summary.checksum
        metricsJSON = summary.metricsJSON
        reason = summary.reason
        createdAt = summary.createdAt
        // Read straight from SQLite's buffer when the row comes from a cursor: one copy of a large blob, not two.
        state = try row.withUnsafeData(at: Columns.state) { data in data.map { [UInt8]($0) } ?? [] }
    }
}
