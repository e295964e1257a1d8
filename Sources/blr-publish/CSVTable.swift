import Foundation
import Vocabulary

/// Reads a CSV file with a header row into an ``ExampleTable``: the column named by `--label` holds the labels,
/// every other column is a feature, and every cell must be a finite number.
///
/// Lines end in `\n` or `\r\n`; blank lines are skipped (but counted, so line numbers match an editor's); a
/// UTF-8 byte-order mark is ignored. Any problem is one ``PublishError`` naming the file, the line and the
/// column.
struct CSVTable {
    let path: String
    let label: String

    /// The header: column names, and which one is the label.
    private struct Header {
        let names: [String]
        let labelIndex: Int
    }

    /// Reads the file into a table, keeping the first `limit` rows when given.
    func load(task: LearningTask?, limit: Int?) throws(PublishError) -> ExampleTable {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw PublishError("\(path): cannot read the file: \(Self.reason(error))")
        }
        var lines = CSVLines(bytes)
        guard let (headerNumber, headerLine) = lines.next() else {
            throw PublishError("\(path): the file is empty; expected a header row naming the columns")
        }
        let header = try readHeader(headerLine, line: headerNumber)
        let features = header.names.count - 1
        var x: [Double] = []
        var y: [Double] = []
        while limit.map({ y.count < $0 }) ?? true, let (number, line) = lines.next() {
            let cells = try row(line, line: number, header: header)
            for (column, cell) in cells.enumerated() {
                let parsed = try value(of: cell, line: number, column: column, header: header)
                if column == header.labelIndex { y.append(parsed) } else { x.append(parsed) }
            }
        }
        guard !y.isEmpty else { throw PublishError("\(path): no data rows after the header") }
        return try ExampleTable(
            x: x, y: y, features: features, integerLabels: false, isSinglePrecision: false, origin: path,
            summary: "\(path) (label column \"\(label)\")", task: task, limit: nil)
    }

    /// Parses the header and finds the label column.
    private func readHeader(_ line: ArraySlice<UInt8>, line number: Int) throws(PublishError) -> Header {
        let names: [String]
        do {
            names = try CSVFields.split(line)
        } catch {
            throw PublishError("\(path):\(number): column \(error.field) of the header: \(error.reason)")
        }
        let matches = names.indices.filter { names[$0] == label }
        guard let labelIndex = matches.first else {
            let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw PublishError("\(path):\(number): no column named \"\(label)\" in the header (columns: \(list))")
        }
        guard matches.count == 1 else {
            throw PublishError(
                "\(path):\(number): the header names column \"\(label)\" \(matches.count) times (columns "
                    + "\(matches.map { String($0 + 1) }.joined(separator: ", "))); the label column must be unique")
        }
        guard names.count > 1 else {
            throw PublishError("\(path):\(number): the header has only the label column \"\(label)\"; no features")
        }
        return Header(names: names, labelIndex: labelIndex)
    }

    /// The cells of a data row, which must have as many as the header.
    private func row(_ line: ArraySlice<UInt8>, line number: Int, header: Header) throws(PublishError) -> [String] {
        let cells: [String]
        do {
            cells = try CSVFields.split(line)
        } catch {
            throw PublishError("\(path):\(number): column \(error.field): \(error.reason)")
        }
        let expected = header.names.count
        if cells.count < expected {
            let column = cells.count + 1
            throw PublishError(
                "\(path):\(number): column \(column) (\"\(header.names[column - 1])\") is missing: the row has "
                    + "\(cells.count) fields, the header \(expected) columns")
        }
        if cells.count > expected {
            throw PublishError(
                "\(path):\(number): column \(expected + 1) has no name in the header: the row has \(cells.count) "
                    + "fields, the header \(expected) columns")
        }
        return cells
    }

    /// The number in `cell` (0-based `column`), which must be finite.
    private func value(of cell: String, line: Int, column: Int, header: Header) throws(PublishError) -> Double {
        let place = "\(path):\(line): column \(column + 1) (\"\(header.names[column])\")"
        guard !cell.isEmpty else { throw PublishError("\(place) is empty; every cell must be a number") }
        guard let value = Double(cell) else {
            throw PublishError("\(place): \"\(Self.excerpt(cell))\" is not a number")
        }
        guard value.isFinite else {
            throw PublishError("\(place): \"\(Self.excerpt(cell))\" is not a finite number")
        }
        return value
    }

    /// The first 40 characters of `text`, with an ellipsis when cut.
    private static func excerpt(_ text: String) -> String {
        text.count <= 40 ? text : text.prefix(40) + "…"
    }

    /// The reason in a file error, without Foundation's wording around it.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code)), underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
