/// The end-to-end table: blrd per (d, B, rule) with its ratios, row by row, to river and to Vowpal Wabbit reading
/// its own input at the same d.
enum EndToEndReport {
    static let vwText = "VW logistic (-d FILE)"
    static let vwCache = "VW logistic (cache)"

    static func table(rows: [EndToEndRow], anchors: [Int: [String: AnchorResult]]) -> String {
        var lines = [
            "| binary | d | B | rule | samples/s | pred/ delivered | p50 µs | p99 µs | RSS MiB | log-loss | river B=1 | ×river | VW -d text | ×VW text | VW cache | ×VW cache |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in rows {
            let a = anchors[r.features] ?? [:]
            let river = a["river LogisticRegression (B=1)"]?.samplesPerSecond
            let text = a[vwText]?.samplesPerSecond
            let cache = a[vwCache]?.samplesPerSecond
            func ratio(_ v: Double?) -> String { v.map { Format.fixed(r.samplesPerSecond / $0, 2) + "×" } ?? "–" }
            func rate(_ v: Double?) -> String { v.map { Format.rate($0) } ?? "–" }
            lines.append(
                "| \(r.binary) | \(r.features) | \(r.batch) | \(r.rule) | \(Format.rate(r.samplesPerSecond)) | "
                    + "\(r.predictions)/\(r.messages) | \(Format.fixed(r.p50, 0)) | \(Format.fixed(r.p99, 0)) | "
                    + "\(Format.fixed(r.rss.before, 0))→\(Format.fixed(r.rss.after, 0)) | \(Format.fixed(r.logLoss, 4)) | "
                    + "\(rate(river)) | \(ratio(river)) | \(rate(text)) | \(ratio(text)) | \(rate(cache)) | \(ratio(cache)) |"
            )
        }
        var notes: [String] = []
        for (d, a) in anchors.sorted(by: { $0.key < $1.key }) {
            for (name, result) in a.sorted(by: { $0.key < $1.key }) {
                if let error = result.error {
                    notes.append("- d=\(d) \(name): \(error)")
                } else if let ll = result.logLoss, let rate = result.samplesPerSecond {
                    notes.append("- d=\(d) \(name): \(Format.rate(rate)) samples/s, log-loss \(Format.fixed(ll, 4))")
                }
            }
        }
        return (lines + [""] + notes).joined(separator: "\n")
    }
}
