/// Picks the examples of a batch whose label the model finds implausible and which would therefore move its
/// posterior by more than chance: those with a predictive tail probability πᵢ at or below the batch's level
/// (`Sensitivity.tail`, `level(_:budget:)`: α for continuous labels, higher for class labels when few rows can
/// be implausible), after `warmup` batches, largest memory-perturbation deviation first.
///
/// Why a tail probability and not the deviation itself: the deviation |eᵢ|·vᵢ (Nickl et al. 2023, eq. 6) shrinks
/// as the posterior sharpens and grows with leverage, so a threshold on it relative to its recent mean fires at
/// a rate set by the stream's noise (18 % of sea_abrupt's batches at 10× the mean), not by anything unusual.
/// When the model's predictive is right, πᵢ is uniform (or stochastically larger, for discrete labels), so a
/// batch of n tested with a total expected cost Σᵢ P(πᵢ ≤ t) ≤ nα raises at most α false alerts per example in
/// expectation, and alerts falsely with probability at most nα, whatever the dependence between its examples
/// (Bonferroni; Dunn 1961; Tarone 1990 for the discrete labels). The default α = 10⁻⁴ bounds a clean stream to about one alert per 10 000 examples; what it finds is
/// an example as unlikely as that under the model: a flipped label against a confident prediction, a target
/// several predictive standard deviations away. A misspecified model's tails are not its own, and the rate is
/// then measured rather than guaranteed (README).
///
/// `typical` follows the batches' median deviation (an EMA at rate `baselineRate`), the "usual" move an alert
/// compares its examples with. The settings come from the configuration; the state (`observed`, `typical`)
/// travels in the session snapshot.
///
/// References: Nickl, Xu, Tailor, Möllenhoff & Khan, "The Memory-Perturbation Equation", NeurIPS 2023, eq. 6;
/// Box, "Sampling and Bayes' inference in scientific modelling and robustness", JRSS A 1980 (predictive
/// p-values); Dunn, "Multiple comparisons among means", JASA 1961 (the Bonferroni bound).
public struct SensitivityMonitor: Sendable, Equatable {
    /// α, the false alerts per example allowed when the model's predictive is right (0: off).
    public var rate: Double
    public var baselineRate: Double
    public var warmup: Int
    /// Examples reported per batch at most (the largest deviations); quarantine holds out every flagged one.
    public var limit: Int
    public internal(set) var observed = 0
    /// The running typical (median) deviation of an example.
    public internal(set) var typical = 0.0

    public static let defaultRate = 5e-5

    public init(rate: Double = defaultRate, baselineRate: Double = 0.05, warmup: Int = 10, limit: Int = 10) {
        self.rate = rate
        self.baselineRate = baselineRate
        self.warmup = warmup
        self.limit = limit
    }

    /// What the test found in one batch.
    public struct Finding: Sendable, Equatable {
        /// Every example with πᵢ ≤ α, largest deviation first.
        public var flagged: [Sensitivity]
        /// The first `limit` of them, the ones an alert lists.
        public var reported: [Sensitivity]
        /// Examples in the batch.
        public var batchSize: Int
        /// The typical deviation before this batch (0 before the first).
        public var usual: Double
        /// The level the batch was tested at (`level(_:budget:)`; 0 when not tested).
        public var level: Double

        public var isEmpty: Bool { flagged.isEmpty }
    }

    /// The examples of a batch that fail the test, without changing the monitor (call it before learning the
    /// batch, so that quarantine can hold them out; then `observe`).
    public func test(_ sensitivities: [Sensitivity]) -> Finding {
        var flagged: [Sensitivity] = []
        var level = 0.0
        if observed >= warmup, rate > 0 {
            level = Self.level(sensitivities, budget: Double(sensitivities.count) * rate)
            flagged = sensitivities.filter { $0.tail <= level }.sorted { $0.deviation > $1.deviation }
        }
        return Finding(
            flagged: flagged, reported: Array(flagged.prefix(limit)), batchSize: sensitivities.count, usual: typical,
            level: level)
    }

    /// Folds a batch into the typical deviation.
    public mutating func observe(_ sensitivities: [Sensitivity]) {
        guard !sensitivities.isEmpty else { return }
        let sorted = sensitivities.map(\.deviation).sorted()
        let m = sorted.count
        let median = m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2])
        typical = observed == 0 ? median : typical + baselineRate * (median - typical)
        observed += 1
    }

    /// `test`, then `observe`.
    public mutating func flag(_ sensitivities: [Sensitivity]) -> Finding {
        let finding = test(sensitivities)
        observe(sensitivities)
        return finding
    }

    /// This monitor's state under another one's settings (a snapshot resumed under the current configuration).
    public func adopting(settingsOf configured: SensitivityMonitor) -> SensitivityMonitor {
        var out = configured
        out.observed = observed
        out.typical = typical
        return out
    }
}
