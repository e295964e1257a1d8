/// Numbers out of JSON arrays, for the JSON ingest form (docs/PROTOCOL.md §1) and the control `predict` request (§3).
enum JSONArrays {
    /// `value` as an n × d matrix (row-major): an array of n arrays of exactly `features` finite numbers.
    /// A first row of the wrong width is a feature mismatch; a later one makes the array not rectangular.
    static func matrix(_ value: JSONValue, features d: Int, maxElements: Int, seq: UInt64?) throws(DecodeError)
        -> [Double]
    {
        guard case .array(let rows) = value else {
            throw .invalidArray(
                field: "x", reason: "must be an array of rows of \(d) numbers, got \(value.typeName)", seq: seq)
        }
        let (elements, overflow) = rows.count.multipliedReportingOverflow(by: d)
        guard !overflow, elements <= maxElements else {
            throw .tooLarge(rows: rows.count, features: d, limit: maxElements, seq: seq)
        }
        var xs: [Double] = []
        xs.reserveCapacity(elements)
        for (r, row) in rows.enumerated() {
            guard case .array(let values) = row else {
                throw .invalidArray(
                    field: "x", reason: "row \(r) must be an array of \(d) numbers, got \(row.typeName)", seq: seq)
            }
            guard values.count == d else {
                if r == 0 { throw .featureMismatch(expected: d, got: values.count, seq: seq) }
                throw .invalidArray(
                    field: "x", reason: "is not rectangular: row \(r) has \(values.count) numbers, not \(d)",
                    seq: seq)
            }
            for (c, v) in values.enumerated() {
                guard let number = v.doubleValue else {
                    throw .invalidArray(
                        field: "x", reason: "[\(r)][\(c)] must be a number, got \(v.excerpt())", seq: seq)
                }
                guard number.isFinite else { throw .nonFinite(field: "x", row: r, column: c, seq: seq) }
                xs.append(number)
            }
        }
        return xs
    }

    /// `value` as n finite numbers.
    static func labels(_ value: JSONValue, rows n: Int, seq: UInt64?) throws(DecodeError) -> [Double] {
        guard case .array(let values) = value else {
            throw .invalidArray(
                field: "y", reason: "must be an array with one number per row of x, got \(value.typeName)", seq: seq)
        }
        guard values.count == n else { throw .labelShape(expected: n, got: [values.count], seq: seq) }
        var ys: [Double] = []
        ys.reserveCapacity(n)
        for (r, v) in values.enumerated() {
            guard let number = v.doubleValue else {
                throw .invalidArray(field: "y", reason: "[\(r)] must be a number, got \(v.excerpt())", seq: seq)
            }
            guard number.isFinite else { throw .nonFinite(field: "y", row: r, column: nil, seq: seq) }
            ys.append(number)
        }
        return ys
    }
}
