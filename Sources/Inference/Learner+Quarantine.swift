/// Learning a batch without some of its rows (quarantine: examples the sensitivity monitor flagged are predicted
/// and reported, not learned). The batch and its prediction are cut to the kept rows, so every member, its
/// calibrator, the weights and the drift detector see the same smaller batch, as if it had arrived that way.
extension Learner {
    /// Learns the rows of `batch` not in `held` (row indices) given the prediction of the whole batch.
    public mutating func learn(_ batch: Batch, after prediction: Prediction, holdingOut held: Set<Int>) -> Outcome {
        guard !held.isEmpty else { return learn(batch, after: prediction) }
        let kept = (0..<batch.count).filter { !held.contains($0) }
        return learn(batch.rows(kept), after: prediction.rows(kept))
    }
}

extension Learner.Prediction {
    /// This prediction of rows `kept` only (indices into the batch, in order).
    func rows(_ kept: [Int]) -> Learner.Prediction {
        let n = published.count
        let inputs = self.inputs.map { z -> [Double] in
            let width = n > 0 ? z.count / n : 0
            return kept.flatMap { z[($0 * width)..<(($0 + 1) * width)] }
        }
        let byRow = Dictionary(uniqueKeysWithValues: sensitivities.map { ($0.index, $0) })
        let sensitivities = kept.enumerated().compactMap { new, old in
            byRow[old].map {
                Sensitivity(
                    index: new, deviation: $0.deviation, error: $0.error, variance: $0.variance, tail: $0.tail,
                    attainable: $0.attainable)
            }
        }
        return Learner.Prediction(
            published: published.rows(kept), uncalibrated: uncalibrated.rows(kept), main: main.rows(kept),
            raw: raw.map { $0.rows(kept) },
            calibrated: calibrated.map { $0.rows(kept) }, inputs: inputs, sensitivities: sensitivities)
    }
}

extension Batch {
    /// Rows `indices` of this batch, in that order.
    public func rows(_ indices: [Int]) -> Batch {
        let d = features
        // Rows of an already validated batch are valid.
        return try! Batch(
            x: indices.flatMap { x[($0 * d)..<(($0 + 1) * d)] }, y: y.map { y in indices.map { y[$0] } }, features: d)
    }
}

extension Predictive {
    /// The predictive of rows `indices` only.
    public func rows(_ indices: [Int]) -> Predictive {
        switch self {
        case .gaussian(let mean, let variance, let dof):
            return .gaussian(mean: indices.map { mean[$0] }, variance: indices.map { variance[$0] }, dof: dof)
        case .probabilities(let p, let k):
            return .probabilities(indices.flatMap { p[($0 * k)..<(($0 + 1) * k)] }, classes: k)
        case .poisson(let rate, let variance):
            return .poisson(rate: indices.map { rate[$0] }, variance: indices.map { variance[$0] })
        }
    }
}
