import Foundation
import GRDB
import Vocabulary

extension StateStore {
    /// Records an alert the daemon published (`alert/<kind>/<subject>`), with its header as `payloadJSON`; keeps
    /// at most `Options.alertsKept` alerts (the newest).
    @discardableResult
    public func recordAlert(
        kind: AlertKind, subject: String, seq: UInt64? = nil, version: Int? = nil, payloadJSON: String = "{}"
    ) throws -> AlertRecord {
        let storedSeq = StoredInteger.signedIfPresent(seq)
        let now = timestamp()
        let id = try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO alert (kind, subject, seq, version, payload_json, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            try statement.execute(arguments: [
                kind.rawValue, subject, storedSeq, version, payloadJSON, now.timeIntervalSince1970,
            ])
            let id = db.lastInsertedRowID
            // `alertsKept`: in the same transaction, like dead letters, so a flood of alerts cannot grow the file.
            if options.alertsKept > 0 {
                let trim = try db.cachedStatement(
                    sql: "DELETE FROM alert WHERE id <= (SELECT id FROM alert ORDER BY id DESC LIMIT 1 OFFSET ?)")
                try trim.execute(arguments: [options.alertsKept])
            }
            return id
        }
        return AlertRecord(
            id: id, kind: kind, subject: subject, seq: seq, version: version, payloadJSON: payloadJSON,
            createdAt: now)
    }

    /// Recorded alerts, oldest first, filtered by kind, subject (a model or a stream) and time (at or after
    /// `since`); with a `limit`, the newest `limit` of them.
    public func alerts(
        kind: AlertKind? = nil, subject: String? = nil, since: Date? = nil, limit: Int? = nil
    ) throws -> [AlertRecord] {
        typealias C = AlertRecord.Columns
        return try read { db in
            var request = AlertRecord.order(C.createdAt.desc, C.id.desc)
            if let kind { request = request.filter(C.kind == kind.rawValue) }
            if let subject { request = request.filter(C.subject == subject) }
            if let since { request = request.filter(C.createdAt >= since.timeIntervalSince1970) }
            if let limit { request = request.limit(max(0, limit)) }
            return try request.fetchAll(db).reversed()
        }
    }

    /// Deletes the alerts recorded before `date`; returns how many.
    @discardableResult
    public func deleteAlerts(before date: Date) throws -> Int {
        try write { db in
            try AlertRecord.filter(AlertRecord.Columns.createdAt < date.timeIntervalSince1970).deleteAll(db)
        }
    }
}
