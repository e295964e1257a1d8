import Foundation
import Inference
import Persist

/// The HTML of `blrctl report`: one self-contained page (inline CSS and SVG, no scripts, no fonts or files from
/// elsewhere) with the history's plots and the newest alerts as tables.
struct ReportPage {
    let history: ReportHistory
    let source: String
    /// How many of the newest alerts of each kind the tables list.
    var tableRows = 20

    var html: String {
        var body = "<h1>blrd report: \(e(history.model))</h1>\n" + overview
        if history.points.count < 2 {
            body +=
                "<p class=\"notice\">Too few snapshots to plot: \(history.points.count) of "
                + "\(e(history.model)) with a stream position (at least two are needed). The plots appear once "
                + "the daemon has saved more.</p>\n"
        } else {
            body += plots.map { "<figure>\($0.svg)<figcaption>\(e($0.caption))</figcaption></figure>\n" }.joined()
        }
        body += sensitivityTable + driftTable
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>blrd report: \(e(history.model))</title>
            <style>\(Self.css)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    // MARK: Overview

    private var overview: String {
        let h = history
        var items: [String] = ["state file <code>\(e(source))</code>, written \(Format.time(Date()))"]
        items.append("likelihood \(e(Self.describe(h.likelihood)))")
        if h.members.count > 1 {
            items.append(
                "members \(e(h.members.joined(separator: ", "))); entropy and KL describe <b>\(e(h.member))</b>, the leader of the newest snapshot"
            )
        }
        if let first = h.points.first, let last = h.points.last {
            items.append(
                "\(h.points.count) snapshots, versions \(first.version)–\(last.version), seq \(first.seq)–\(last.seq)")
            if let latest = last.metrics.isEmpty ? nil : Format.allMetrics(last.metrics) {
                items.append("newest scores: \(e(latest))")
            }
        }
        items.append(
            "\(h.drift.count) drift alert\(h.drift.count == 1 ? "" : "s") (red vertical lines), "
                + "\(h.sensitivity.count) sensitivity alert\(h.sensitivity.count == 1 ? "" : "s") (orange ticks on the x axis)"
        )
        items.append(baselineNote)
        for skip in h.skipped { items.append("skipped \(e(skip))") }
        return "<ul class=\"overview\">" + items.map { "<li>\($0)</li>" }.joined() + "</ul>\n"
    }

    private var baselineNote: String {
        if let k = history.classes {
            return
                "baseline: a uniform guess over the \(k) classes (log-loss log \(k) = \(Format.number(log(Double(k)))), "
                + "accuracy 1/\(k)); the class prior is not recorded in the state file"
        }
        return "no naive baseline: the state file does not record the targets' spread"
    }

    private static func describe(_ likelihood: Likelihood) -> String {
        switch likelihood {
        case .gaussian: "gaussian (regression)"
        case .bernoulli: "bernoulli (2 classes)"
        case .categorical(let k): "categorical (\(k) classes)"
        case .poisson: "poisson (counts)"
        }
    }

    // MARK: Tables

    private var sensitivityTable: String {
        let rows = history.sensitivity.suffix(tableRows).reversed().map { alert -> String in
            let fields = AlertFields(alert)
            return
                "<tr class=\"sensitivity-row\"><td>\(fields.seq)</td><td>\(fields.version)</td><td>\(Format.time(alert.createdAt))</td>"
                + "<td>\(e(fields.ids))</td><td>\(e(fields.text("summary") ?? alert.payloadJSON))</td></tr>"
        }
        return table(
            "Newest sensitivity alerts", count: history.sensitivity.count,
            header: ["seq", "version", "time", "example ids", "summary"], rows: rows)
    }

    private var driftTable: String {
        let rows = history.drift.suffix(tableRows).reversed().map { alert -> String in
            let fields = AlertFields(alert)
            return
                "<tr class=\"drift-row\"><td>\(fields.seq)</td><td>\(fields.version)</td><td>\(Format.time(alert.createdAt))</td>"
                + "<td>\(Format.number(fields.number("statistic")))</td><td>\(Format.number(fields.number("threshold")))</td>"
                + "<td>\(e(fields.text("action") ?? "-"))</td></tr>"
        }
        return table(
            "Newest drift alerts", count: history.drift.count,
            header: ["seq", "version", "time", "statistic", "threshold", "action"], rows: rows)
    }

    private func table(_ title: String, count: Int, header: [String], rows: [String]) -> String {
        let shown = rows.count < count ? " (newest \(rows.count) of \(count))" : ""
        guard !rows.isEmpty else { return "<h2>\(title)</h2><p>None recorded.</p>\n" }
        return "<h2>\(title)\(shown)</h2><table><thead><tr>" + header.map { "<th>\($0)</th>" }.joined()
            + "</tr></thead><tbody>" + rows.joined() + "</tbody></table>\n"
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:820px}\
        h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px}\
        code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}\
        .overview{padding-left:18px;color:#333}.notice{background:#fff4d6;border:1px solid #e6c15a;padding:8px 12px}\
        figure{margin:18px 0}figcaption{font-size:12.5px;color:#555;margin:2px 0 0 64px}\
        svg.plot{display:block;max-width:100%;height:auto}\
        svg .title{font-size:14px;font-weight:600;fill:#222}svg .tick,svg .legend,svg .label{font-size:11px;fill:#444}\
        svg .grid{stroke:#e6e6e6}svg .axis{stroke:#888}svg .frame{fill:none;stroke:#888}\
        svg .series{fill:none;stroke-width:1.8;stroke-linejoin:round}svg .reference{stroke-dasharray:2 3;stroke-width:1.3}\
        svg line.legend{stroke-width:2.4}svg .drift-marker{stroke:#c0392b;stroke-width:1.4;stroke-dasharray:4 2}\
        svg .sensitivity-tick{stroke:#e69f00;stroke-width:1.6}\
        table{border-collapse:collapse;width:100%;font-size:12.5px}th,td{border-bottom:1px solid #ddd;padding:4px 6px;\
        text-align:left;vertical-align:top}th{background:#f4f4f4}td:nth-child(3){white-space:nowrap}
        """
}
