/// A score over the examples between two snapshots, from the cumulative means and counts `n` recorded with
/// each: mean₂·n₂ − mean₁·n₁ over n₂ − n₁ (RMSE through its squares). ECE is not a mean of per-example terms,
/// so it has no interval form. A count that went down means the scores were restarted (a reset): the interval
/// is then the newer snapshot's own.
enum IntervalMetrics {
    static let additive: Set<String> = ["accuracy", "log_loss", "brier", "nll", "picp90", "rmse"]

    static func between(_ earlier: [String: Double], _ later: [String: Double], _ name: String) -> Double? {
        guard additive.contains(name), let n2 = later["n"], let m2 = later[name] else { return nil }
        let n1 = earlier["n"] ?? 0
        guard n2 >= n1 else { return m2 }
        guard n2 > n1 else { return nil }
        let m1 = n1 > 0 ? earlier[name] : 0
        guard let m1 else { return nil }
        if name == "rmse" {
            let sum = m2 * m2 * n2 - m1 * m1 * n1
            return (max(sum, 0) / (n2 - n1)).squareRoot()
        }
        return (m2 * n2 - m1 * n1) / (n2 - n1)
    }
}
