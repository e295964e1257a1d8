import Testing
@testable import Inference

/// The rolling windows against a direct computation: after every batch, each window's scores equal those of a
/// fresh `PrequentialMetrics` fed the newest whole batches holding at most the window's size in examples.
@Suite struct RollingMetricsTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The newest batches holding at most `limit` examples (at least one batch), scored from scratch.
    static func direct(_ batches: [(Predictive, [Double])], limit: Int) -> PrequentialMetrics {
        var start = batches.count - 1
        var n = batches[start].1.count
        while start > 0, n + batches[start - 1].1.count <= limit {
            start -= 1
            n += batches[start].1.count
        }
        var m = PrequentialMetrics()
        for (p, y) in batches[start...] { m.record(p, labels: y) }
        return m
    }

    static func expectClose(_ a: [String: Double], _ b: [String: Double]) {
        #expect(Set(a.keys) == Set(b.keys))
        for (key, x) in a {
            let y = b[key] ?? .nan
            #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(key): \(x) vs \(y)")
        }
    }

    @Test(arguments: ["probs", "gaussian"])
    func windowsEqualADirectComputation(kind: String) {
        var rng = SplitMix(state: kind == "probs" ? 7 : 11)
        var rolling = RollingMetrics(limits: [40, 300])
        var cumulative = PrequentialMetrics()
        var batches: [(Predictive, [Double])] = []
        // Enough batches that the buffer is compacted (and the sums recomputed) several times.
        for b in 0..<4000 {
            let n = Int.random(in: 1...12, using: &rng)
            let predictive: Predictive
            var y: [Double] = []
            if kind == "probs" {
                var p: [Double] = []
                for _ in 0..<n {
                    let row = (0..<3).map { _ in Double.random(in: 0.05...1, using: &rng) }
                    let total = row.reduce(0, +)
                    p += row.map { $0 / total }
                    y.append(Double(Int.random(in: 0..<3, using: &rng)))
                }
                predictive = .probabilities(p, classes: 3)
            } else {
                let mean = (0..<n).map { _ in Double.random(in: -2...2, using: &rng) }
                let variance = (0..<n).map { _ in Double.random(in: 0.1...3, using: &rng) }
                y = mean.map { $0 + Double.random(in: -2...2, using: &rng) }
                predictive = .gaussian(mean: mean, variance: variance)
            }
            let surprise = cumulative.record(predictive, labels: y)
            rolling.record(predictive, labels: y, surprise: surprise)
            batches.append((predictive, y))
            if b % 97 == 0 || b == 3999 {
                for (w, limit) in rolling.limits.enumerated() {
                    let window = rolling.window(w)
                    #expect(window.count <= limit)
                    Self.expectClose(window.summary, Self.direct(batches, limit: limit).summary)
                }
            }
        }
        // The readers' copy keeps the scores.
        #expect(rolling.scoresOnly.window(1) == rolling.window(1))
    }

    @Test func aBatchLargerThanTheWindowIsTheWholeWindow() {
        var rolling = RollingMetrics(limits: [2])
        var m = PrequentialMetrics()
        let p = Predictive.gaussian(mean: [0, 0, 0], variance: [1, 1, 1])
        let s = m.record(p, labels: [1, 2, 3])
        rolling.record(p, labels: [1, 2, 3], surprise: s)
        #expect(rolling.window(0) == m)
    }
}
