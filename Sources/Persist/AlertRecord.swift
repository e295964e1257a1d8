import Foundation
import GRDB

/// The kind of an alert, as in the contract's `alert/<kind>/…` topics. An open set: a kind written by a
/// newer build still reads back.
public struct AlertKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A drift detector fired (subject: the model).
    public static let drift = AlertKind(rawValue: "drift")
    /// Examples of a batch exceeded the sensitivity threshold (subject: the model).
    public static let sensitivity = AlertKind(rawValue: "sensitivity")
    /// An ingest message was rejected (subject: the stream).
    public static let input = AlertKind(rawValue: "input")
    /// A stream's seq jumped forward (subject: the stream).
    public static let gap = AlertKind(rawValue: "gap")
    /// A journal or snapshot write failed, or a damaged snapshot was skipped at start (subject: the model).
    public static let persist = AlertKind(rawValue: "persist")

    public var description: String { rawValue }
}

/// A recorded alert: the published alert header, kept for `blrctl alerts`.
public struct AlertRecord: Equatable, Sendable {
    public var id: Int64
    public var kind: AlertKind
    /// The model or stream the alert is about.
    public var subject: String
    public var seq: UInt64?
    /// The model version the alert refers to, when it is about a model.
    public var version: Int?
    /// The alert's details as a JSON object.
    public var payloadJSON: String
    public var createdAt: Date
}

extension AlertRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "alert"

    /// The table's columns, for GRDB's query interface.
    public enum Columns {
        public static let id = Column("id")
        public static let kind = Column("kind")
        public static let subject = Column("subject")
        public static let seq = Column("seq")
        public static let version = Column("version")
        public static let payloadJSON = Column("payload_json")
        public static let createdAt = Column("created_at")
    }

    public init(row: Row) throws {
        id = row[Columns.id]
        kind = AlertKind(rawValue: row[Columns.kind])
        subject = row[Columns.subject]
        seq = StoredInteger.unsignedIfPresent(row[Columns.seq] as Int64?)
        version = row[Columns.version]
        payloadJSON = row[Columns.payloadJSON]
        createdAt = Date(timeIntervalSince1970: row[Columns.createdAt])
    }
}
