import Foundation
import GRDB
import Vocabulary

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
