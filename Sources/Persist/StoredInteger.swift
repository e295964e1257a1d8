/// Conversions between the API's unsigned counters and SQLite's signed 64-bit INTEGER.
///
/// GRDB's own `UInt64` conversion traps above `Int64.max`; these throw a `StoreError` instead, so a hostile
/// seq in an ingest header can never crash the daemon.
enum StoredInteger {
    /// The INTEGER form of an unsigned counter, or `StoreError.invalidValue` when it does not fit.
    static func signed(_ value: UInt64, field: String) throws -> Int64 {
        guard let stored = Int64(exactly: value) else {
            throw StoreError.invalidValue(field: field, value: String(value), reason: "above \(Int64.max)")
        }
        return stored
    }

    /// `signed` for an optional counter.
    static func signedIfPresent(_ value: UInt64?, field: String) throws -> Int64? {
        try value.map { try signed($0, field: field) }
    }

    /// The unsigned form of a stored INTEGER (the schema's CHECK constraints keep them non-negative).
    static func unsigned(_ value: Int64, field: String) throws -> UInt64 {
        guard let result = UInt64(exactly: value) else {
            throw StoreError.invalidValue(field: field, value: String(value), reason: "negative in the database")
        }
        return result
    }

    /// `unsigned` for an optional stored INTEGER.
    static func unsignedIfPresent(_ value: Int64?, field: String) throws -> UInt64? {
        try value.map { try unsigned($0, field: field) }
    }
}
