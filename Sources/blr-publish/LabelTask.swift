import ArgumentParser

/// The learning task of the published stream (a blrd `[[stream]] task`), which decides how labels are sent:
/// regression targets as `<f8`, class indices and counts as `<i8`.
enum LabelTask: String, CaseIterable, ExpressibleByArgument {
    /// Real-valued targets, sent as `<f8`.
    case regression
    /// Labels 0 and 1, sent as `<i8`.
    case binary
    /// Class indices 0, 1, 2, …, sent as `<i8`.
    case multiclass
    /// Non-negative integer counts (a Poisson model), sent as `<i8`.
    case count

    /// At most this many distinct integral float labels still read as classes rather than targets.
    static let maxInferredClasses = 20

    /// Whether labels go as integers (`integerLabels: true`): every task but regression.
    var integerLabels: Bool { self != .regression }

    /// Infers the task of a file's labels when `--task` is not given.
    ///
    /// Integer labels (an integer `.npy` dtype) are classes; so are float labels that are all integral with at
    /// most ``maxInferredClasses`` distinct values. Classes are binary when only 0 and 1 occur, multiclass
    /// otherwise. Labels that cannot be class indices (negative ones) and everything else are regression.
    static func infer(labels: [Double], integerDType: Bool) -> LabelTask {
        guard labels.allSatisfy(isClassIndex) else { return .regression }
        if !integerDType {
            var distinct = Set<Double>()
            for label in labels {
                distinct.insert(label)
                if distinct.count > maxInferredClasses { return .regression }
            }
        }
        return labels.allSatisfy { $0 == 0 || $0 == 1 } ? .binary : .multiclass
    }

    /// K for a multiclass stream: the largest label + 1, at least 2; nil for the other tasks.
    func classes(of labels: [Double]) -> Int? {
        guard self == .multiclass else { return nil }
        return max(2, Int(labels.max() ?? 0) + 1)
    }

    /// Checks that every label fits the task, so the daemon does not reject every message: binary labels are 0
    /// or 1, class indices and counts non-negative integers, regression targets anything finite.
    ///
    /// - Throws: ``PublishError`` naming `origin`, the example and the value.
    func check(labels: [Double], origin: String) throws(PublishError) {
        let rule: String
        let bad: Int?
        switch self {
        case .regression:
            return
        case .binary:
            bad = labels.firstIndex { $0 != 0 && $0 != 1 }
            rule = "binary labels are 0 or 1"
        case .multiclass:
            bad = labels.firstIndex { !Self.isClassIndex($0) }
            rule = "multiclass labels are class indices 0, 1, 2, …"
        case .count:
            bad = labels.firstIndex { !Self.isClassIndex($0) }
            rule = "counts are non-negative integers"
        }
        if let bad {
            throw PublishError(
                "\(origin): label \(Self.format(labels[bad])) of example \(bad) does not fit task \(rawValue) "
                    + "(\(rule)); choose another --task")
        }
    }

    /// A non-negative integer below 2⁵³ (an exact `<i8`).
    private static func isClassIndex(_ value: Double) -> Bool {
        value >= 0 && value < 9_007_199_254_740_992 && value.rounded(.towardZero) == value
    }

    /// `3` for integral values, `2.5` otherwise.
    static func format(_ value: Double) -> String {
        if value.rounded(.towardZero) == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
