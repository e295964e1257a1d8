import Foundation

/// A CSV file with a header row: comma-separated, fields optionally in double quotes (`""` inside quotes is
/// a quote), blank lines skipped, `\r\n` or `\n` line ends.
struct CSVTable {
    let path: String
    let header: [String]
    let rows: [[String]]

    init(path: String) throws {
        self.path = path
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CtlError("cannot read \(path): \(error.localizedDescription)")
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { Self.fields(of: $0) }
            .filter { !($0.count == 1 && $0[0].isEmpty) }
        guard !lines.isEmpty else { throw CtlError("\(path) is empty: it needs a header row") }
        header = lines.removeFirst()
        for (i, row) in lines.enumerated() where row.count != header.count {
            throw CtlError("\(path):\(i + 2): \(row.count) fields, the header has \(header.count)")
        }
        rows = lines
    }

    /// Column `column` of every row as numbers.
    func numbers(column: Int) throws -> [Double] {
        try rows.indices.map { try number(row: $0, column: column) }
    }

    /// The number at a cell, or an error naming the file, line and column.
    func number(row: Int, column: Int) throws -> Double {
        let text = rows[row][column]
        guard let value = Double(text) else {
            throw CtlError("\(path):\(row + 2): column '\(header[column])' is '\(text)', not a number")
        }
        return value
    }

    private static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            if next == "," { fields.append(field); field = "" } else { field.append(next) }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "," {
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else if c == "\"" && field.trimmingCharacters(in: .whitespaces).isEmpty {
                quoted = true
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(quoted ? field : field.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
