/// Durations in Prometheus's cumulative-bucket form, as a value a single thread owns and copies out (no lock of
/// its own): the pipeline times each update, the snapshot writer each snapshot.
struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds in seconds, 10 µs to 10 s (Prometheus's `le`).
    static let bounds: [Double] = [
        1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Observations at or below each bound (not cumulative; the renderer sums them), then above the last.
    private(set) var counts = [Int](repeating: 0, count: bounds.count + 1)
    private(set) var sum = 0.0
    private(set) var count = 0

    mutating func record(_ duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        var bucket = 0
        while bucket < Self.bounds.count, seconds > Self.bounds[bucket] { bucket += 1 }
        counts[bucket] += 1
        sum += seconds
        count += 1
    }

    /// The text-format lines of this histogram as `name{labels}`: `_bucket` per bound and `+Inf`, `_sum`, `_count`.
    func lines(name: String, labels: String) -> [String] {
        var out: [String] = []
        var cumulative = 0
        for (i, bound) in Self.bounds.enumerated() {
            cumulative += counts[i]
            out.append("\(name)_bucket{\(labels),le=\"\(bound)\"} \(cumulative)")
        }
        out.append("\(name)_bucket{\(labels),le=\"+Inf\"} \(count)")
        out.append("\(name)_sum{\(labels)} \(sum)")
        out.append("\(name)_count{\(labels)} \(count)")
        return out
    }
}
