import ArgumentParser
import Vocabulary

/// `--task`: the task of the published stream (a blrd `[[stream]] task`), which decides how labels are sent —
/// regression targets as `<f8`, class indices and counts as `<i8` — and which labels fit.
extension LearningTask: ExpressibleByArgument {}

extension LearningTask {
    /// At most this many distinct integral float labels still read as classes rather than targets.
    static let maxInferredClasses = 20

    /// Infers the task of a file's labels when `--task` is not given.
    ///
    /// Integer labels (an integer `.npy` dtype) are classes; so are float labels that are all integral with at
    /// most ``maxInferredClasses`` distinct values. Classes are binary when only 0 and 1 occur, multiclass
    /// otherwise. Labels that cannot be class indices (negative ones) and everything else are regression.
    static func infer(labels: [Double], integerDType: Bool) -> LearningTask {
        guard Self.multiclass.firstInvalidLabel(in: labels, classes: nil) == nil else { return .regression }
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

    /// Checks that every label fits the task by the daemon's own rule (``InvalidLabel``), so the daemon does not
    /// reject every message; multiclass labels are bounded by `classes` (K) when it is known.
    ///
    /// - Throws: ``PublishError`` naming `origin`, the example and the value.
    func check(labels: [Double], classes: Int?, origin: String) throws(PublishError) {
        guard let bad = firstInvalidLabel(in: labels, classes: classes) else { return }
        throw PublishError(
            "\(origin): label \(Self.format(bad.value)) of example \(bad.index) does not fit task \(rawValue) "
                + "(\(bad.rule)); choose another --task")
    }

    /// `3` for integral values, `2.5` otherwise.
    static func format(_ value: Double) -> String {
        if value.rounded(.towardZero) == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
