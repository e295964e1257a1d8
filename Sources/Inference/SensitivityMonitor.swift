/// Picks the examples of a batch whose memory-perturbation deviation stands out against the model's recent
/// deviations: deviation > `threshold` × the running mean deviation (an EMA over batches, rate `baselineRate`),
/// after `warmup` batches. Relative, so one setting works for logits, counts and any regression scale, and
/// for a young model (whose every example moves it) as for a mature one.
public struct SensitivityMonitor: Sendable, Equatable, Codable {
    public var threshold: Double
    public var baselineRate: Double
    public var warmup: Int
    /// Examples reported per batch at most (the largest deviations).
    public var limit: Int
    public private(set) var observed = 0
    public private(set) var baseline = 0.0

    public init(threshold: Double = 10, baselineRate: Double = 0.05, warmup: Int = 10, limit: Int = 10) {
        self.threshold = threshold
        self.baselineRate = baselineRate
        self.warmup = warmup
        self.limit = limit
    }

    /// The examples to report (largest first), then folds the batch into the baseline.
    public mutating func flag(_ sensitivities: [Sensitivity]) -> [Sensitivity] {
        guard !sensitivities.isEmpty else { return [] }
        let mean = sensitivities.reduce(0) { $0 + $1.deviation } / Double(sensitivities.count)
        var flagged: [Sensitivity] = []
        if observed >= warmup, threshold > 0, baseline > 0 {
            flagged = sensitivities.filter { $0.deviation > threshold * baseline }
                .sorted { $0.deviation > $1.deviation }
            flagged = Array(flagged.prefix(limit))
        }
        baseline = observed == 0 ? mean : baseline + baselineRate * (mean - baseline)
        observed += 1
        return flagged
    }
}
