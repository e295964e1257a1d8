import Testing
@testable import Daemon

/// The histogram's buckets are cumulative in the text format, with `+Inf`, `_sum` and `_count`.
@Suite struct LatencyHistogramTests {
    @Test func bucketsAreCumulative() {
        var h = LatencyHistogram()
        h.record(.microseconds(10))  // on the first bound: le="1e-05"
        h.record(.milliseconds(3))  // le="0.005"
        h.record(.seconds(20))  // only +Inf
        let lines = h.lines(name: "x", labels: "model=\"m\"")
        #expect(lines.contains("x_bucket{model=\"m\",le=\"1e-05\"} 1"))
        #expect(lines.contains("x_bucket{model=\"m\",le=\"0.0025\"} 1"))
        #expect(lines.contains("x_bucket{model=\"m\",le=\"0.005\"} 2"))
        #expect(lines.contains("x_bucket{model=\"m\",le=\"10.0\"} 2"))
        #expect(lines.contains("x_bucket{model=\"m\",le=\"+Inf\"} 3"))
        #expect(lines.contains("x_count{model=\"m\"} 3"))
        let sum = lines.first { $0.hasPrefix("x_sum") }.flatMap { Double($0.split(separator: " ")[1]) } ?? 0
        #expect(abs(sum - 20.00301) < 1e-9)
        #expect(MetricsExporter.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
    }
}
