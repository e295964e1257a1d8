/// Finds where a key was written in a TOML file, so errors can name the line: TOMLKit reports positions only
/// for syntax errors, not for values.
struct SourceLines {
    private let lines: [Substring]
    /// (header, occurrence, first line index) of every `[table]` / `[[array]]` header.
    private let sections: [(name: String, index: Int, start: Int)]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var sections: [(String, Int, Int)] = []
        var seen: [String: Int] = [:]
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            guard line.hasPrefix("[") else { continue }
            let name = line.drop { $0 == "[" }.prefix { $0 != "]" }.trimmingCharacters(in: " ")
            let occurrence = seen[name, default: 0]
            seen[name] = occurrence + 1
            sections.append((name, occurrence, i))
        }
        self.sections = sections
    }

    /// The 1-based line of `key = …` inside the `index`-th occurrence of section `name` (nil: top level), or of
    /// the section header when the key is not found.
    func line(of key: String?, inSection name: String?, index: Int = 0) -> Int? {
        var start = 0
        var end = lines.count
        if let name {
            guard let s = sections.firstIndex(where: { $0.name == name && $0.index == index }) else { return nil }
            start = sections[s].start
            end = s + 1 < sections.count ? sections[s + 1].start : lines.count
        } else if let first = sections.first {
            end = first.start
        }
        guard let key else { return name == nil ? nil : start + 1 }
        for i in start..<end {
            let line = lines[i].trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix(key) {
                let rest = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return name == nil ? nil : start + 1
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
