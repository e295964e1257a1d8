import RealModule

/// Running prequential (test-then-train) scores of the predictions a model made before learning each batch.
/// Definitions follow the shared `metrics.py` exactly: log-loss with probabilities clipped to [1e-15, 1];
/// top-label ECE over 15 equal-width confidence bins (ties in argmax go to the lowest class); Brier in its
/// one-column form for binary tasks and the full form for multiclass; Gaussian NLL with variance floored at
/// 1e-12; PICP of the central 90 % interval. Counts are scored by RMSE of the rate and the Poisson NLL of the
/// predictive rate.
public struct PrequentialMetrics: Sendable, Equatable, Codable {
    public static let bins = 15
    public internal(set) var count = 0
    var correct = 0.0
    var logLossSum = 0.0
    var brierSum = 0.0
    var binCount = [Double](repeating: 0, count: bins)
    var binConfidence = [Double](repeating: 0, count: bins)
    var binCorrect = [Double](repeating: 0, count: bins)
    var squaredError = 0.0
    var nllSum = 0.0
    var covered = 0.0
    var isClassification = false

    public init() {}

    /// Scores `predictive` against `labels` (one per example) and adds them to the running sums; returns each
    /// example's surprise under the predictive's own density (`Predictive.surprise`: the log-loss sums it; the
    /// regression NLL is metrics.py's Gaussian score of the mean and variance, which differs from it only for
    /// a Student-t).
    @discardableResult
    public mutating func record(_ predictive: Predictive, labels y: [Double]) -> [Double] {
        let surprise = predictive.surprise(labels: y)
        record(predictive, labels: y, surprise: surprise)
        return surprise
    }

    /// `record(_:labels:)` with each example's surprise already computed.
    public mutating func record(_ predictive: Predictive, labels y: [Double], surprise: [Double]) {
        switch predictive {
        case .probabilities(let p, let k):
            isClassification = true
            for i in 0..<y.count {
                let row = p[(i * k)..<(i * k + k)]
                let label = Int(y[i])
                var top = 0
                for c in 1..<k where row[row.startIndex + c] > row[row.startIndex + top] { top = c }
                let confidence = row[row.startIndex + top]
                let hit = top == label ? 1.0 : 0.0
                correct += hit
                logLossSum += surprise[i]
                if k == 2 {
                    let r = row[row.startIndex + 1] - y[i]
                    brierSum += r * r
                } else {
                    for c in 0..<k { let r = row[row.startIndex + c] - (c == label ? 1 : 0); brierSum += r * r }
                }
                let bin = min(Int(confidence * Double(Self.bins)), Self.bins - 1)
                binCount[bin] += 1
                binConfidence[bin] += confidence
                binCorrect[bin] += hit
            }
        case .gaussian(let mean, let variance, _):
            for i in 0..<y.count {
                let r = y[i] - mean[i]
                squaredError += r * r
                // metrics.py scores the published mean and variance as a Gaussian, Student-t or not.
                nllSum += Predictive.gaussianScore(y[i], mean: mean[i], variance: variance[i])
                if abs(r) <= 1.6448536269514722 * Double.sqrt(max(variance[i], 0)) { covered += 1 }
            }
        case .poisson(let rate, _):
            for i in 0..<y.count {
                let r = y[i] - rate[i]
                squaredError += r * r
                nllSum += surprise[i]
            }
        }
        count += y.count
    }

    private func mean(_ total: Double) -> Double? { count > 0 ? total / Double(count) : nil }

    public var accuracy: Double? { isClassification ? mean(correct) : nil }
    public var logLoss: Double? { isClassification ? mean(logLossSum) : nil }
    public var brier: Double? { isClassification ? mean(brierSum) : nil }
    public var ece: Double? {
        guard isClassification, count > 0 else { return nil }
        var total = 0.0
        for b in 0..<Self.bins where binCount[b] > 0 {
            total += binCount[b] / Double(count) * abs(binCorrect[b] / binCount[b] - binConfidence[b] / binCount[b])
        }
        return total
    }
    public var rmse: Double? { isClassification ? nil : mean(squaredError).map { Double.sqrt($0) } }
    /// Gaussian (or Poisson) negative log-likelihood per example, nats.
    public var nll: Double? { isClassification ? nil : mean(nllSum) }
    public var picp90: Double? { isClassification ? nil : mean(covered) }

    /// The defined scores by name (`accuracy`, `log_loss`, `ece15`, `brier`, `rmse`, `nll`, `picp90`, `n`).
    public var summary: [String: Double] {
        var out: [String: Double] = ["n": Double(count)]
        let named: [(String, Double?)] = [
            ("accuracy", accuracy), ("log_loss", logLoss), ("ece15", ece), ("brier", brier), ("rmse", rmse),
            ("nll", nll), ("picp90", picp90),
        ]
        for (name, value) in named { if let value { out[name] = value } }
        return out
    }
}
