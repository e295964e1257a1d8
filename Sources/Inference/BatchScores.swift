/// One batch's prequential sums, compact: the scalar sums of `PrequentialMetrics` and only the calibration bins
/// the batch touched, so a window of ten thousand single-example batches stays small (about 100 bytes each).
public struct BatchScores: Sendable, Equatable {
    /// One non-empty calibration bin: its index and sums.
    struct Bin: Sendable, Equatable {
        var index: Int
        var count: Double
        var confidence: Double
        var correct: Double
    }

    var count: Int
    var correct: Double
    var logLossSum: Double
    var brierSum: Double
    var squaredError: Double
    var nllSum: Double
    var covered: Double
    var isClassification: Bool
    var bins: [Bin]

    /// The sums of `metrics`, which scored one batch.
    init(_ metrics: PrequentialMetrics) {
        count = metrics.count
        correct = metrics.correct
        logLossSum = metrics.logLossSum
        brierSum = metrics.brierSum
        squaredError = metrics.squaredError
        nllSum = metrics.nllSum
        covered = metrics.covered
        isClassification = metrics.isClassification
        bins = metrics.binCount.indices.compactMap { b in
            metrics.binCount[b] > 0
                ? Bin(
                    index: b, count: metrics.binCount[b], confidence: metrics.binConfidence[b],
                    correct: metrics.binCorrect[b])
                : nil
        }
    }
}

extension PrequentialMetrics {
    /// Adds (`sign` = 1) or removes (`sign` = −1) one batch's sums.
    mutating func add(_ batch: BatchScores, sign: Double = 1) {
        count += sign > 0 ? batch.count : -batch.count
        correct += sign * batch.correct
        logLossSum += sign * batch.logLossSum
        brierSum += sign * batch.brierSum
        squaredError += sign * batch.squaredError
        nllSum += sign * batch.nllSum
        covered += sign * batch.covered
        if batch.isClassification { isClassification = true }
        for bin in batch.bins {
            binCount[bin.index] += sign * bin.count
            binConfidence[bin.index] += sign * bin.confidence
            binCorrect[bin.index] += sign * bin.correct
        }
    }
}
