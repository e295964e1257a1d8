import Foundation

/// Text forms of numbers, times and sizes for the human tables.
enum Format {
    /// Six significant digits (`%.6g`); `-` for nil, `nan`/`inf` spelled out.
    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.6g", value)
    }

    /// `seq`, or `epoch:seq` when the publisher epoch is above 0; `-` before the first batch.
    static func position(epoch: UInt64, seq: UInt64?) -> String {
        guard let seq else { return "-" }
        return epoch > 0 ? "\(epoch):\(seq)" : "\(seq)"
    }

    /// ISO-8601 UTC to the second, for tables: `2025-01-31T12:00:00Z`.
    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// ISO-8601 UTC to the millisecond, for JSON: `2025-01-31T12:00:00.123Z`.
    static func preciseTime(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Bytes with a binary unit: `812 B`, `12.4 KiB`, `3.1 MiB`.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// Versions as runs: `1-3, 7, 9-12`.
    static func versionList(_ versions: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        let sorted = versions.sorted()
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// The headline scores of a metrics object: accuracy and log loss for classifiers, RMSE and NLL otherwise.
    static func headline(_ metrics: [String: Double]) -> String {
        let names =
            metrics["accuracy"] != nil || metrics["log_loss"] != nil ? ["accuracy", "log_loss"] : ["rmse", "nll"]
        return names.compactMap { name in metrics[name].map { "\(name) \(number($0))" } }.joined(separator: "  ")
    }

    /// Every score, headline ones first, `n` last.
    static func allMetrics(_ metrics: [String: Double]) -> String {
        let order = ["accuracy", "log_loss", "rmse", "nll", "brier", "ece15", "picp90"]
        var keys = order.filter { metrics[$0] != nil }
        keys += metrics.keys.filter { !order.contains($0) && $0 != "n" }.sorted()
        if metrics["n"] != nil { keys.append("n") }
        return keys.map { "\($0) \(number(metrics[$0]!))" }.joined(separator: "  ")
    }
}
