/// A batch of `count` examples with `features` features each, row-major (C order), and optional labels.
///
/// Labels are stored as `Double` for every task: the target for regression, the class index for binary and
/// multiclass tasks, the count for Poisson. A batch without labels can be predicted but not learned from.
public struct Batch: Sendable, Equatable {
    /// n, the number of examples.
    public let count: Int
    /// d, the number of features.
    public let features: Int
    /// n × d features, row-major.
    public let x: [Double]
    /// n labels, or nil for an unlabelled batch.
    public let y: [Double]?

    /// Checks the shape and that every number is finite.
    public init(x: [Double], y: [Double]? = nil, features: Int) throws {
        guard features > 0 else { throw InferenceError.shapeMismatch("features must be positive, got \(features)") }
        guard x.count % features == 0 else {
            throw InferenceError.shapeMismatch("\(x.count) feature values do not fill rows of \(features)")
        }
        let n = x.count / features
        if let y, y.count != n {
            throw InferenceError.shapeMismatch("\(y.count) labels for \(n) rows")
        }
        if let i = x.firstIndex(where: { !$0.isFinite }) {
            throw InferenceError.nonFiniteInput("x[\(i / features)][\(i % features)] = \(x[i])")
        }
        if let y, let i = y.firstIndex(where: { !$0.isFinite }) {
            throw InferenceError.nonFiniteInput("y[\(i)] = \(y[i])")
        }
        self.count = n
        self.features = features
        self.x = x
        self.y = y
    }

    /// Rows `range` of this batch.
    public func rows(_ range: Range<Int>) -> Batch {
        let d = features
        // The slice of an already validated batch is valid.
        return try! Batch(
            x: Array(x[(range.lowerBound * d)..<(range.upperBound * d)]),
            y: y.map { Array($0[range]) }, features: d)
    }
}
