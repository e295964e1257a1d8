import Vocabulary

/// What the decoder needs to know about a stream (docs/PROTOCOL.md §8 `[[stream]]`): its topic, the number of
/// features d, and the task, which decides the label dtypes and range accepted in ingest messages (§1.1).
public struct StreamSpec: Sendable, Hashable {
    /// A stream description that cannot be decoded against.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The topic of the ingest messages, matched exactly.
    public let name: String
    /// d, the number of features per example.
    public let features: Int
    public let task: LearningTask
    /// K: 2 for binary, the configured number for multiclass, nil for regression and count.
    public let classes: Int?

    /// Checks that d ≥ 1 and that `classes` fits the task: required (≥ 2) for multiclass, nil or 2 for binary
    /// (the configuration may spell out `classes = 2`), absent otherwise.
    public init(name: String, features: Int, task: LearningTask, classes: Int? = nil) throws(Invalid) {
        guard features >= 1 else {
            throw Invalid(reason: "stream \(name): features must be at least 1, got \(features)")
        }
        switch task {
        case .binary:
            guard classes == nil || classes == 2 else {
                throw Invalid(reason: "stream \(name): a binary stream has 2 classes, got \(classes!)")
            }
            self.classes = 2
        case .multiclass:
            guard let k = classes, k >= 2 else {
                throw Invalid(reason: "stream \(name): a multiclass stream needs classes ≥ 2")
            }
            self.classes = k
        case .regression, .count:
            guard classes == nil else {
                throw Invalid(reason: "stream \(name): classes applies to binary and multiclass streams only")
            }
            self.classes = nil
        }
        self.name = name
        self.features = features
        self.task = task
    }
}
