/// "Did you mean …?" for a key nobody reads: the known key closest to it by edit distance, when it is close
/// enough to be a typo (`clases` → `classes`, `snapshot-every` → `snapshot_every`) rather than another word.
enum KeySuggestion {
    /// The closest of `known` to `key`, or nil when none is within the typo budget: 1 edit for keys of up to 4
    /// characters, 2 up to 8, 3 beyond (a transposition counts 1).
    static func closest(to key: String, among known: some Sequence<String>) -> String? {
        let budget = key.count <= 4 ? 1 : key.count <= 8 ? 2 : 3
        var best: (key: String, distance: Int)?
        for candidate in known {
            let d = distance(key.lowercased(), candidate)
            if d <= budget, d < best?.distance ?? .max { best = (candidate, d) }
        }
        return best?.key
    }

    /// Optimal string alignment distance (Levenshtein with adjacent transpositions), over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        // rows[i][j]: the distance between a's first i and b's first j characters.
        var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { rows[i][0] = i }
        for j in 0...b.count { rows[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
                }
            }
        }
        return rows[a.count][b.count]
    }

    /// The message for an unknown key: the suggestion first, then what the table knows.
    static func unknownKeyMessage(_ key: String, known: [String]) -> String {
        let list = known.sorted().joined(separator: ", ")
        if let near = closest(to: key, among: known) {
            return "unknown key '\(key)' (did you mean '\(near)'?; known: \(list))"
        }
        return "unknown key '\(key)' (known: \(list))"
    }
}
