import Foundation
import GRDB

/// A registered model: the row that snapshots belong to.
///
/// The fingerprint is a stable description of the model's shape and rule chosen by the daemon; the store
/// only compares it as text. `specJSON` is the model's configuration for people to read.
public struct ModelRecord: Equatable, Sendable {
    public var name: String
    public var stream: String
    public var fingerprint: String
    public var specJSON: String
    public var createdAt: Date

    public init(name: String, stream: String, fingerprint: String, specJSON: String, createdAt: Date) {
        self.name = name
        self.stream = stream
        self.fingerprint = fingerprint
        self.specJSON = specJSON
        self.createdAt = createdAt
    }
}

/// What `StateStore.registerModel` found.
public enum ModelRegistration: Equatable, Sendable {
    /// The model was new and is now registered.
    case created
    /// The model was registered with the same fingerprint; its stream and spec JSON are now the configured ones.
    case existing
}

extension ModelRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model"

    /// The table's columns, for GRDB's query interface.
    public enum Columns {
        public static let name = Column("name")
        public static let stream = Column("stream")
        public static let fingerprint = Column("spec_fingerprint")
        public static let specJSON = Column("spec_json")
        public static let createdAt = Column("created_at")
    }

    public init(row: Row) throws {
        name = row[Columns.name]
        stream = row[Columns.stream]
        fingerprint = row[Columns.fingerprint]
        specJSON = row[Columns.specJSON]
        createdAt = Date(timeIntervalSince1970: row[Columns.createdAt])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.name] = name
        container[Columns.stream] = stream
        container[Columns.fingerprint] = fingerprint
        container[Columns.specJSON] = specJSON
        container[Columns.createdAt] = createdAt.timeIntervalSince1970
    }
}
