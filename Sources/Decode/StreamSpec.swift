/// What the decoder needs to know about a stream (CONTRACT §2 `[[stream]]`): its topic, the number of
/// features d, and the task, which decides the label dtypes and range accepted in ingest messages (§3).
public struct StreamSpec: Sendable, Hashable {
    /// The learning task of a stream; raw values are the configuration's `task` names.
    public enum Task: String, Sendable, Hashable, CaseIterable {
        /// Labels in {0, 1}.
        case binary
        /// Labels in {0, …, K−1}.
        case multiclass
        /// Real-valued targets.
        case regression
        /// Non-negative integer counts.
        case count
    }

    /// A stream description that cannot be decoded against.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The topic of the ingest messages, matched exactly.
    public let name: String
    /// d, the number of features per example.
    public let features: Int
    public let task: Task
    /// K: 2 for binary, the configured number for multiclass, nil for regression and count.
    public let classes: Int?

    /// Checks that d ≥ 1 and that `classes` fits the task: required (≥ 2) for multiclass, nil or 2 for binary
    /// (the configuration may spell out `classes = 2`), absent otherwise.
    public init(name: String, features: Int, task: Task, classes: Int? = nil) throws(Invalid) {
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

    /// The label dtypes an ingest message may declare for this task (CONTRACT §3): `<f4`/`<f8` for regression;
    /// `<i4`/`<i8` for class indices and counts, and also `<f4`/`<f8` when every value is an integer (numpy
    /// code often holds labels as floats; a fractional value is then refused as out of range).
    public var labelDTypes: [DType] {
        switch task {
        case .regression: return [.f4, .f8]
        case .binary, .multiclass, .count: return [.i4, .i8, .f4, .f8]
        }
    }
}
