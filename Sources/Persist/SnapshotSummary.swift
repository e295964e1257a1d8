import Foundation
import GRDB

/// A stored snapshot without its blob, for listings.
public struct SnapshotSummary: Equatable, Sendable {
    public var id: Int64
    public var model: String
    public var version: Int
    public var epoch: UInt64
    public var seq: UInt64?
    public var rule: String
    public var family: String
    public var checksum: String
    public var metricsJSON: String
    public var reason: SnapshotReason
    public var createdAt: Date
    /// The blob's length in bytes.
    public var stateSize: Int
}

/// A snapshot newer than the one `StateStore.latestVerifiedSnapshot` returned, passed over because it failed
/// verification.
public struct SkippedSnapshot: Equatable, Sendable, CustomStringConvertible {
    public var model: String
    public var version: Int
    /// Why it was skipped (checksum mismatch, or the caller's validation error).
    public var reason: String

    public var description: String { "snapshot \(model)@\(version) skipped: \(reason)" }
}

extension SnapshotSummary: FetchableRecord, TableRecord {
    public static let databaseTableName = "snapshot"

    /// The columns a summary reads: everything but the blob, plus the blob's length.
    public static var databaseSelection: [any SQLSelectable] {
        [
            SnapshotRecord.Columns.id, SnapshotRecord.Columns.model, SnapshotRecord.Columns.version,
            SnapshotRecord.Columns.epoch, SnapshotRecord.Columns.seq, SnapshotRecord.Columns.rule,
            SnapshotRecord.Columns.family, SnapshotRecord.Columns.checksum, SnapshotRecord.Columns.metricsJSON,
            SnapshotRecord.Columns.reason, SnapshotRecord.Columns.createdAt,
            length(SnapshotRecord.Columns.state).forKey("state_size"),
        ]
    }

    public init(row: Row) throws {
        typealias C = SnapshotRecord.Columns
        id = row[C.id]
        model = row[C.model]
        version = row[C.version]
        epoch = StoredInteger.unsigned(row[C.epoch] as Int64)
        seq = StoredInteger.unsignedIfPresent(row[C.seq] as Int64?)
        rule = row[C.rule]
        family = row[C.family]
        checksum = row[C.checksum]
        metricsJSON = row[C.metricsJSON]
        reason = SnapshotReason(rawValue: row[C.reason])
        createdAt = Date(timeIntervalSince1970: row[C.createdAt])
        stateSize = row["state_size"] ?? 0
    }
}
