/// A label its task cannot have produced: the one rule of label validity, which the decoder (a rejection with
/// code `label_range`, docs/PROTOCOL.md §1.3), the inference core (`Likelihood.validate(labels:)`) and blr-publish
/// (before it sends anything) all apply.
///
/// Binary labels are 0 or 1; multiclass labels are class indices 0..<K; counts are non-negative integers.
/// Class indices and counts are also below 2⁵³, so that a double holds them exactly and `<i8` carries them.
/// Regression targets only need to be finite, which every reader checks as it reads the values.
public struct InvalidLabel: Sendable, Equatable, CustomStringConvertible {
    /// The row of the first label that breaks the rule.
    public let index: Int
    public let value: Double
    /// The rule it breaks: "binary labels are 0 or 1", …
    public let rule: String

    public var description: String { "label \(value) at row \(index): \(rule)" }
}

extension LearningTask {
    /// The first label of `labels` the task cannot have produced, or nil when every one fits.
    ///
    /// - Parameter classes: K of a multiclass stream; nil leaves class indices unbounded above (a publisher that
    ///   has not learned the daemon's K yet).
    public func firstInvalidLabel(in labels: some Collection<Double>, classes: Int?) -> InvalidLabel? {
        // One concrete loop per task over an array: the generic, closure-per-label form (a collection across a
        // module boundary is not specialised) cost 11 % of all instructions of a stream's learning in callgrind.
        let values = labels as? [Double] ?? Array(labels)
        let index: Int?
        let rule: String
        switch self {
        case .regression:
            return nil
        case .binary:
            rule = "binary labels are 0 or 1"
            index = values.firstIndex { $0 != 0 && $0 != 1 }
        case .multiclass:
            let top = classes.map(Double.init) ?? Self.exactIntegerLimit
            rule =
                classes.map { "multiclass labels are class indices 0..<\($0)" }
                ?? "multiclass labels are class indices 0, 1, 2, …"
            index = values.firstIndex { !($0 >= 0 && $0 < top && $0.rounded(.towardZero) == $0) }
        case .count:
            rule = "counts are non-negative integers"
            index = values.firstIndex { !($0 >= 0 && $0 < Self.exactIntegerLimit && $0.rounded(.towardZero) == $0) }
        }
        return index.map { InvalidLabel(index: $0, value: values[$0], rule: rule) }
    }

    /// 2⁵³: every integer below it is a double exactly.
    private static let exactIntegerLimit = 9_007_199_254_740_992.0
}
