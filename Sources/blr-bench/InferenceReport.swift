import Foundation
import Tabular

/// The results of `blr-bench inference` as a terminal table, Markdown or CSV, with the throughput targets.
struct InferenceReport {
    let cells: [ThroughputCell]
    let rules: [BenchRule]
    let dims: [Int]
    let batchSizes: [Int]
    let seconds: Double

    static let targetHeadline =
        "targets: diagonal rules at d=10, B=1024 ≥ 10 M samples/s; conjugate at d=100, B=1024 ≥ 1 M samples/s"

    private func cell(_ rule: BenchRule, _ d: Int, _ b: Int) -> ThroughputCell? {
        cells.first { $0.rule == rule && $0.features == d && $0.batchSize == b }
    }

    /// Rows = rule × d, columns = B; each cell is samples/s and, in parentheses, the number of timed updates.
    /// `aligned` pads unprefixed rates so the digits of a column line up in plain text.
    func table(aligned: Bool = true) -> TextTable {
        let header = ["rule", "d", "p"] + batchSizes.map { "B=\($0)" }
        var table = TextTable(header, rightAligned: Set(1..<header.count))
        for rule in rules {
            for d in dims {
                let row = batchSizes.map { b -> String in
                    guard let c = cell(rule, d, b) else { return "" }
                    if c.error != nil { return "error" }
                    return "\(Format.rate(c.samplesPerSecond, aligned: aligned)) (\(c.updates))"
                }
                let p = cell(rule, d, batchSizes[0])?.parameters ?? d + 1
                table.append([rule.rawValue, "\(d)", "\(p)"] + row)
            }
        }
        return table
    }

    /// The target cells that were measured, with PASS or MISS.
    func targetLines() -> [String] {
        var lines: [String] = []
        for c in cells where c.error == nil && c.batchSize == 1024 {
            let goal: Double
            if c.rule.isDiagonal && c.features == 10 {
                goal = 10e6
            } else if c.rule == .conjugate && c.features == 100 {
                goal = 1e6
            } else {
                continue
            }
            let verdict = c.samplesPerSecond >= goal ? "PASS" : "MISS"
            lines.append(
                "\(verdict)  \(c.rule.rawValue) d=\(c.features) B=\(c.batchSize): "
                    + "\(Format.rate(c.samplesPerSecond)) samples/s (target \(Format.rate(goal)) samples/s)")
        }
        return lines.isEmpty ? ["(no target cell measured)"] : lines
    }

    private var legend: String {
        "samples/s per update call, single thread, \(seconds) s per cell (timed updates in parentheses)"
    }

    func text() -> String {
        var out = legend + "\n\n" + table().render() + "\n\n" + Self.targetHeadline + "\n"
        out += targetLines().map { "  " + $0 }.joined(separator: "\n")
        for c in cells { if let e = c.error { out += "\n\(c.rule) d=\(c.features) B=\(c.batchSize) failed: \(e)" } }
        return out
    }

    func markdown() -> String {
        var out = "# blr-bench inference\n\n" + legend + ".\n\n" + table(aligned: false).markdown() + "\n\n"
        out += Self.targetHeadline + "\n\n" + targetLines().map { "- " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    func csv() -> String {
        var lines = ["rule,features,parameters,batch_size,updates,samples,seconds,samples_per_second,error"]
        for c in cells {
            let error = c.error.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? ""
            lines.append(
                "\(c.rule.rawValue),\(c.features),\(c.parameters),\(c.batchSize),\(c.updates),\(c.samples),"
                    + "\(Format.fixed(c.seconds, 6)),\(Format.fixed(c.samplesPerSecond, 1)),\(error)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
