/// A small table rendered either as aligned plain text (for a terminal) or as GitHub Markdown.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns whose cells are right-aligned (numbers); the rest are left-aligned.
    var rightAligned: Set<Int> = []

    init(header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    private var widths: [Int] {
        header.indices.map { c in ([header] + rows).map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    }

    /// Columns separated by two spaces, with a dashed rule under the header.
    func render(indent: String = "") -> String {
        let w = widths
        func line(_ cells: [String]) -> String {
            let padded = w.indices.map { c in
                Format.pad(c < cells.count ? cells[c] : "", w[c], right: rightAligned.contains(c))
            }
            return indent + padded.joined(separator: "  ").trailingSpacesRemoved
        }
        let rule = indent + w.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// A Markdown pipe table.
    func markdown() -> String {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { rightAligned.contains($0) ? "---:|" : "---|" }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var s = self[...]
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
