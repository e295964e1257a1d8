/// The end-to-end table: blrd per (d, B, rule) with its ratios to river and VW at the same d.
enum EndToEndReport {
    static func table(rows: [EndToEndRow], anchors: [Int: [String: AnchorResult]]) -> String {
        var lines = [
            "| d | B | blrd rule | blrd samples/s | p50 µs | p99 µs | blrd log-loss | river LR B=1 | river LR B | VW (-d FILE) | ×river B=1 | ×river B | ×VW |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in rows {
            let a = anchors[r.features] ?? [:]
            let one = a["river LogisticRegression (B=1)"]?.samplesPerSecond
            let many = r.batch > 1 ? a["river LogisticRegression (B=\(r.batch))"]?.samplesPerSecond : one
            let vw = a["VW logistic (-d FILE)"]?.samplesPerSecond
            func ratio(_ v: Double?) -> String { v.map { Format.fixed(r.samplesPerSecond / $0, 1) + "×" } ?? "–" }
            func rate(_ v: Double?) -> String { v.map { Format.rate($0) } ?? "–" }
            lines.append(
                "| \(r.features) | \(r.batch) | \(r.rule) | \(Format.rate(r.samplesPerSecond)) | \(Format.fixed(r.p50, 0)) | "
                    + "\(Format.fixed(r.p99, 0)) | \(Format.fixed(r.logLoss, 4)) | \(rate(one)) | \(rate(many)) | \(rate(vw)) | "
                    + "\(ratio(one)) | \(ratio(many)) | \(ratio(vw)) |")
        }
        var notes: [String] = []
        for (d, a) in anchors.sorted(by: { $0.key < $1.key }) {
            for (name, result) in a.sorted(by: { $0.key < $1.key }) {
                if let error = result.error { notes.append("- d=\(d) \(name): \(error)") }
                else if let ll = result.logLoss { notes.append("- d=\(d) \(name): log-loss \(Format.fixed(ll, 4))") }
            }
        }
        return (lines + [""] + notes).joined(separator: "\n")
    }
}
