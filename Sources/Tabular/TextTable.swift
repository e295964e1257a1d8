/// A table of text cells rendered as aligned plain text (a terminal: blrctl's listings, blr-bench's results) or as
/// a GitHub Markdown pipe table (blr-bench's reports).
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]] = []
    /// Columns whose cells are right-aligned (numbers); the rest are left-aligned.
    public var rightAligned: Set<Int>

    public init(_ header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Columns separated by two spaces, a dashed rule under the header, no trailing spaces.
    public func render(indent: String = "") -> String {
        let widths = header.indices.map { c in ([header] + rows).map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = widths.indices.map { c -> String in
                let cell = c < cells.count ? cells[c] : ""
                let fill = String(repeating: " ", count: max(0, widths[c] - cell.count))
                return rightAligned.contains(c) ? fill + cell : cell + fill
            }
            var text = indent + padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        let rule = indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// A Markdown pipe table; right-aligned columns are marked `---:`.
    public func markdown() -> String {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { rightAligned.contains($0) ? "---:|" : "---|" }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// Rows of `key  value` with the keys padded, no header: one record's fields.
    public static func fields(_ pairs: [(String, String)], indent: String = "") -> String {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { key, value in
            indent + key + String(repeating: " ", count: width - key.count) + "  " + value
        }.joined(separator: "\n")
    }
}
