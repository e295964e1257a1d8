import Foundation
import TOMLKit

/// Typed, strict reads from one TOML table: every key read is remembered, so `finish()` can refuse the keys
/// nobody asked for, naming the first unknown one and its line.
struct TableReader {
    let table: TOMLTable
    let path: String
    let file: String
    let lines: SourceLines
    let section: String?
    let index: Int
    private(set) var known: Set<String> = []

    init(_ table: TOMLTable, path: String, file: String, lines: SourceLines, section: String?, index: Int = 0) {
        self.table = table
        self.path = path
        self.file = file
        self.lines = lines
        self.section = section
        self.index = index
    }

    func error(_ key: String?, _ message: String) -> ConfigError {
        ConfigError(
            file: file, line: lines.line(of: key, inSection: section, index: index),
            key: key.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? (path.isEmpty ? nil : path), message: message)
    }

    /// The line where `key` is written in this table (or the table's header).
    func line(of key: String) -> Int? { lines.line(of: key, inSection: section, index: index) }

    mutating func string(_ key: String) throws -> String? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        guard let s = value.string else { throw error(key, "must be a string") }
        return s
    }

    mutating func int(_ key: String) throws -> Int? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        guard let i = value.int else { throw error(key, "must be an integer") }
        return i
    }

    /// A size in bytes: an integer, or a string with a binary unit (`"512 MiB"`, `"1GiB"`, `"64KiB"`).
    mutating func bytes(_ key: String) throws -> Int? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        if let i = value.int { return i }
        guard let text = value.string else {
            throw error(key, "must be a number of bytes or a string like \"512 MiB\"")
        }
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("B", 1)]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (unit, scale) in units where trimmed.hasSuffix(unit) {
            let number = trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            if let n = Int(number), n >= 0, n <= Int.max / scale { return n * scale }
        }
        throw error(
            key, "must be a number of bytes or a string like \"512 MiB\" (units B, KiB, MiB, GiB), got \"\(text)\"")
    }

    /// A duration in seconds: a string of a positive number and a unit, `s`, `m`, `h`, `d` or `w`
    /// (`"7d"`, `"12h"`, `"1.5h"`, `"90 s"`).
    mutating func duration(_ key: String) throws -> Double? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        let text = value.string?.trimmingCharacters(in: .whitespaces) ?? ""
        if let unit = text.last, let scale = units[unit],
            let n = Double(text.dropLast().trimmingCharacters(in: .whitespaces)), n > 0, n.isFinite
        {
            return n * scale
        }
        throw error(key, "must be a duration such as \"7d\", \"12h\", \"30m\" or \"90s\" (units s, m, h, d, w)")
    }

    mutating func double(_ key: String) throws -> Double? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        if let d = value.double { return d }
        if let i = value.int { return Double(i) }
        throw error(key, "must be a number")
    }

    mutating func bool(_ key: String) throws -> Bool? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        guard let b = value.bool else { throw error(key, "must be true or false") }
        return b
    }

    mutating func intArray(_ key: String) throws -> [Int]? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "must be an array of integers") }
        var out: [Int] = []
        for item in array {
            guard let i = item.int else { throw error(key, "must be an array of integers") }
            out.append(i)
        }
        return out
    }

    /// A string or a number (for `forgetting`).
    mutating func stringOrNumber(_ key: String) throws -> (String?, Double?)? {
        known.insert(key)
        guard let value = table[key] else { return nil }
        if let s = value.string { return (s, nil) }
        if let d = value.double { return (nil, d) }
        if let i = value.int { return (nil, Double(i)) }
        throw error(key, "must be a string or a number")
    }

    /// Whether the table sets `key` (without reading it).
    func has(_ key: String) -> Bool { table[key] != nil }

    /// Refuses keys that were never read.
    func finish() throws {
        for key in table.keys.sorted() where !known.contains(key) {
            throw error(key, KeySuggestion.unknownKeyMessage(key, known: Array(known)))
        }
    }
}
