import Foundation

/// A CSV file with a header row, read by blrd's one set of CSV rules (``CSVRecords``): what `blr-publish --csv`
/// publishes and what `blrctl predict --csv` and `blrctl whatif --csv` send. Every row has as many fields as the
/// header. Each problem is one ``CSVError`` naming the file, the line and the column.
///
/// Ours rather than a package, by measurement (`bench/csv-compare`, the two CSV packages kept in the package
/// mirror on the same 39 MB file of 200 000 rows × 10 numbers, release builds, best of 3): this reader 0.40 s,
/// SwiftCSV 0.10.0 8.2 s, yaslab/CSV.swift 2.5.2 13.7 s. Neither package says on which line a record starts (no
/// error could name its line), both hand a blank line back as a row, and both accept an unclosed quote silently,
/// so the rules below would have to be rebuilt around either of them.
public struct CSVTable: Sendable {
    /// A data row: its fields and the line it starts on.
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    /// The file name errors begin with.
    public let origin: String
    /// The column names.
    public let header: [String]
    /// The line of the header.
    public let headerLine: Int
    public let rows: [Row]

    /// Reads and splits the file at `path`.
    public init(path: String) throws(CSVError) {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CSVError("\(path): cannot read the file: \(Self.reason(error))")
        }
        try self.init(bytes: bytes, origin: path)
    }

    /// Splits a CSV text's UTF-8 `bytes`; errors name `origin`.
    public init(bytes: [UInt8], origin: String) throws(CSVError) {
        var records: [CSVRecords.Record] = []
        var reader = CSVRecords(bytes)
        do {
            while let record = try reader.nextRecord() { records.append(record) }
        } catch {
            let which = records.isEmpty ? "column \(error.field) of the header" : "column \(error.field)"
            throw CSVError("\(origin):\(error.line): \(which): \(error.reason)")
        }
        guard let header = records.first else {
            throw CSVError("\(origin): the file is empty; expected a header row naming the columns")
        }
        self.origin = origin
        self.header = header.fields
        headerLine = header.line
        rows = records.dropFirst().map { Row(line: $0.line, fields: $0.fields) }
        if let ragged = rows.first(where: { $0.fields.count != self.header.count }) { throw widthError(ragged) }
    }

    /// The index of the column named `name`, when exactly one has that name.
    public func column(named name: String) -> Int? {
        let matches = header.indices.filter { header[$0] == name }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The finite number in `column` (0-based) of data row `row` (0-based).
    public func number(row: Int, column: Int) throws(CSVError) -> Double {
        let cell = rows[row].fields[column]
        let place = "\(origin):\(rows[row].line): column \(column + 1) (\"\(header[column])\")"
        guard !cell.isEmpty else { throw CSVError("\(place) is empty; every cell must be a number") }
        guard let value = Double(cell) else { throw CSVError("\(place): \"\(Self.excerpt(cell))\" is not a number") }
        guard value.isFinite else { throw CSVError("\(place): \"\(Self.excerpt(cell))\" is not a finite number") }
        return value
    }

    /// Column `column` (0-based) of every data row, as finite numbers.
    public func numbers(column: Int) throws(CSVError) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(rows.count)
        for row in rows.indices { values.append(try number(row: row, column: column)) }
        return values
    }

    /// A row with another number of fields than the header has columns.
    private func widthError(_ row: Row) -> CSVError {
        let expected = header.count, got = row.fields.count
        if got < expected {
            return CSVError(
                "\(origin):\(row.line): column \(got + 1) (\"\(header[got])\") is missing: the row has \(got) fields, "
                    + "the header \(expected) columns")
        }
        return CSVError(
            "\(origin):\(row.line): column \(expected + 1) has no name in the header: the row has \(got) fields, "
                + "the header \(expected) columns")
    }

    /// The first 40 characters of `text`, with an ellipsis when cut.
    private static func excerpt(_ text: String) -> String {
        text.count <= 40 ? text : text.prefix(40) + "…"
    }

    /// The reason in a file error, without Foundation's wording around it.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code)), underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
