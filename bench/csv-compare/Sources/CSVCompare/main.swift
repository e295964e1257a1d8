import CSV
import Foundation
import SwiftCSV
import Tabular

// A numeric file like those blr-publish sends: 200 000 rows × 10 columns, one blank line, one quoted field.
var text = (0..<10).map { "c\($0)" }.joined(separator: ",") + "\n"
var rng = SystemRandomNumberGenerator()
for row in 0..<200_000 {
    if row == 5 { text += "\n" }
    text += (0..<10).map { _ in String(Double.random(in: -2...2, using: &rng)) }.joined(separator: ",") + "\n"
}
let bytes = Array(text.utf8)
print("\(bytes.count / 1_000_000) MB, 200 000 rows × 10 columns")

func time(_ name: String, _ body: () throws -> Int) rethrows {
    var best = Double.infinity
    var rows = 0
    for _ in 0..<3 {
        let start = Date()
        rows = try body()
        best = min(best, Date().timeIntervalSince(start))
    }
    print("\(name): \(String(format: "%.3f", best)) s, \(rows) rows")
}

try time("blrd Tabular.CSVTable") { try CSVTable(bytes: bytes, origin: "f").rows.count }
try time("SwiftCSV 0.10.0 (EnumeratedCSV)") { try EnumeratedCSV(string: text, loadColumns: false).rows.count }
try time("CSV.swift 2.5.2 (CSVReader)") {
    let reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
    var n = 0
    while reader.next() != nil { n += 1 }
    return n
}

// What each says about an unclosed quote, and whether it can name a record's line after a quoted newline.
let broken = "a,b\n\"x\ny\",1\n2,\"open\n"
print("unclosed quote:")
do { _ = try CSVTable(bytes: Array(broken.utf8), origin: "f") } catch { print("  blrd:     \(error)") }
do { print("  SwiftCSV: rows \(try EnumeratedCSV(string: broken).rows)") } catch { print("  SwiftCSV: \(error)") }
do {
    let reader = try CSVReader(string: broken, hasHeaderRow: true)
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    print("  CSV.swift: rows \(rows), error \(String(describing: reader.error))")
} catch { print("  CSV.swift: \(error)") }
let spaced = "a,b\n1.5, 2.0\n"
print("blanks around a field: SwiftCSV \(try EnumeratedCSV(string: spaced).rows), CSV.swift default \({ () -> [String] in let r = try! CSVReader(string: spaced, hasHeaderRow: true); return r.next() ?? [] }())")
