import Foundation

/// A line chart written as inline SVG by hand: axes with round ticks, one `<polyline>` per unbroken run of each
/// series, dashed horizontal reference lines, vertical event markers (drift) and short ticks on the x axis
/// (sensitivity), and a legend. Dependency-free, so `blrctl report` stays one self-contained file.
struct SVGPlot {
    struct Series {
        var name: String
        /// (x, y) with nil for a gap: the line breaks there.
        var points: [(x: Double, y: Double?)]
        var dashed = false
    }

    /// A horizontal line at a fixed value (a baseline or a target), named in the legend.
    struct Reference {
        var name: String
        var y: Double
    }

    /// Something that happened at `x`: a full-height marker or a short tick on the x axis, with a hover title.
    struct Event {
        enum Style { case marker, tick }
        var x: Double
        var style: Style
        var title: String
    }

    static let palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f", "#000000"]

    var title: String
    var yLabel: String
    var series: [Series] = []
    var references: [Reference] = []
    var events: [Event] = []
    /// Plot log₁₀ y (non-positive values become gaps).
    var logY = false
    var width = 760.0
    var height = 250.0

    private let left = 64.0, right = 16.0, top = 44.0, bottom = 38.0

    var svg: String {
        let values =
            series.flatMap { $0.points.compactMap { $0.y.flatMap(transform) } }
            + references.compactMap { transform($0.y) }
        let xs = series.flatMap { $0.points.map(\.x) }
        guard let xMin = xs.min(), let xMax = xs.max(), let yMin = values.min(), let yMax = values.max() else {
            return frame("<text x=\"\(left)\" y=\"\(top + 20)\" class=\"empty\">no values to plot</text>")
        }
        // x spans the data exactly (seq has no natural round end); y is widened to whole ticks.
        let xNice = AxisTicks.nice(xMin, xMax)
        let xAxis =
            xMax > xMin
            ? (low: xMin, high: xMax, ticks: xNice.ticks.filter { $0 >= xMin && $0 <= xMax }) : xNice
        let yAxis = AxisTicks.nice(yMin, yMax)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xAxis.low) / (xAxis.high - xAxis.low) * plotWidth }
        func py(_ y: Double) -> Double { top + (1 - (y - yAxis.low) / (yAxis.high - yAxis.low)) * plotHeight }
        var body = ""
        // Grid, ticks and tick labels.
        for t in yAxis.ticks {
            let y = fmt(py(t))
            body += "<line class=\"grid\" x1=\"\(fmt(left))\" y1=\"\(y)\" x2=\"\(fmt(width - right))\" y2=\"\(y)\"/>"
            let label = logY ? AxisTicks.label(pow(10, t)) : AxisTicks.label(t)
            body +=
                "<text class=\"tick\" x=\"\(fmt(left - 6))\" y=\"\(y)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(label)</text>"
        }
        for t in xAxis.ticks {
            let x = fmt(px(t))
            body +=
                "<line class=\"axis\" x1=\"\(x)\" y1=\"\(fmt(height - bottom))\" x2=\"\(x)\" y2=\"\(fmt(height - bottom + 4))\"/>"
            body +=
                "<text class=\"tick\" x=\"\(x)\" y=\"\(fmt(height - bottom + 16))\" text-anchor=\"middle\">\(AxisTicks.label(t))</text>"
        }
        body +=
            "<rect class=\"frame\" x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(plotWidth))\" height=\"\(fmt(plotHeight))\"/>"
        body +=
            "<text class=\"label\" x=\"\(fmt(left + plotWidth / 2))\" y=\"\(fmt(height - 4))\" text-anchor=\"middle\">seq</text>"
        body +=
            "<text class=\"label\" transform=\"translate(14 \(fmt(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTMLText.escape(yLabel + (logY ? " (log scale)" : "")))</text>"
        // Events under the lines.
        for event in events where event.x >= xAxis.low && event.x <= xAxis.high {
            let x = fmt(px(event.x))
            let title = "<title>\(HTMLText.escape(event.title))</title>"
            switch event.style {
            case .marker:
                body +=
                    "<line class=\"drift-marker\" x1=\"\(x)\" y1=\"\(fmt(top))\" x2=\"\(x)\" y2=\"\(fmt(height - bottom))\">\(title)</line>"
            case .tick:
                body +=
                    "<line class=\"sensitivity-tick\" x1=\"\(x)\" y1=\"\(fmt(height - bottom - 8))\" x2=\"\(x)\" y2=\"\(fmt(height - bottom))\">\(title)</line>"
            }
        }
        var legend: [(name: String, color: String, dashed: Bool)] = []
        for (i, reference) in references.enumerated() {
            guard let value = transform(reference.y) else { continue }
            let color = Self.palette[Self.palette.count - 1 - i % 2]
            let y = fmt(py(value))
            body +=
                "<line class=\"reference\" stroke=\"\(color)\" x1=\"\(fmt(left))\" y1=\"\(y)\" x2=\"\(fmt(width - right))\" y2=\"\(y)\"/>"
            legend.append((reference.name, color, true))
        }
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % (Self.palette.count - 2)]
            for run in runs(s.points) {
                let points = run.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }.joined(separator: " ")
                let dash = s.dashed ? " stroke-dasharray=\"5 3\"" : ""
                body += "<polyline class=\"series\" stroke=\"\(color)\"\(dash) points=\"\(points)\"/>"
                if run.count == 1 {
                    body +=
                        "<circle fill=\"\(color)\" r=\"2.5\" cx=\"\(fmt(px(run[0].x)))\" cy=\"\(fmt(py(run[0].y)))\"/>"
                }
            }
            legend.append((s.name, color, s.dashed))
        }
        // Legend: one row under the title.
        var lx = left
        for entry in legend {
            let dash = entry.dashed ? " stroke-dasharray=\"5 3\"" : ""
            body +=
                "<line class=\"legend\" stroke=\"\(entry.color)\"\(dash) x1=\"\(fmt(lx))\" y1=\"34\" x2=\"\(fmt(lx + 18))\" y2=\"34\"/>"
            body +=
                "<text class=\"legend\" x=\"\(fmt(lx + 22))\" y=\"34\" dominant-baseline=\"middle\">\(HTMLText.escape(entry.name))</text>"
            lx += 30 + Double(entry.name.count) * 6.2
        }
        return frame(body)
    }

    private func frame(_ body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\">"
            + "<title>\(HTMLText.escape(title))</title>"
            + "<text class=\"title\" x=\"\(fmt(left))\" y=\"16\">\(HTMLText.escape(title))</text>" + body + "</svg>"
    }

    private func transform(_ y: Double) -> Double? {
        guard y.isFinite else { return nil }
        if logY { return y > 0 ? log10(y) : nil }
        return y
    }

    /// The unbroken runs of finite, plottable points.
    private func runs(_ points: [(x: Double, y: Double?)]) -> [[(x: Double, y: Double)]] {
        var out: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for p in points {
            if let y = p.y.flatMap(transform) {
                current.append((p.x, y))
            } else if !current.isEmpty {
                out.append(current)
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    private func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
}
