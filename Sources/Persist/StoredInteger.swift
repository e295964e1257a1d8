/// Conversions between the API's unsigned counters (epoch, seq) and SQLite's signed 64-bit INTEGER.
///
/// Lossless over the whole `UInt64` range: a counter is stored as the `Int64` with the same bits, so values
/// below 2⁶³ read as themselves in the sqlite3 shell and larger ones as negative numbers (schema v2 dropped the
/// `CHECK (seq >= 0)` of v1 for this). SQL never orders by these columns; the store compares them for
/// equality only, and Swift compares the decoded `UInt64`s. GRDB's own `UInt64` conversion traps above
/// `Int64.max`, which a hostile seq in an ingest header could otherwise reach.
enum StoredInteger {
    /// The INTEGER form of an unsigned counter: the same 64 bits.
    static func signed(_ value: UInt64) -> Int64 { Int64(bitPattern: value) }

    /// `signed` for an optional counter.
    static func signedIfPresent(_ value: UInt64?) -> Int64? { value.map(signed) }

    /// The unsigned counter a stored INTEGER holds.
    static func unsigned(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

    /// `unsigned` for an optional stored INTEGER.
    static func unsignedIfPresent(_ value: Int64?) -> UInt64? { value.map(unsigned) }
}
