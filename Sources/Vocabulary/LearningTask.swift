/// The learning task of a stream, a `[[stream]] task` of the configuration (docs/PROTOCOL.md §8): it decides the
/// likelihood a model may use, the label dtypes an ingest message may declare and the labels it may carry (§1.1).
///
/// The one definition of the task: the configuration parses it, the decoder checks labels with it, blr-publish
/// chooses it with `--task` (its `ExpressibleByArgument` conformance is in blr-publish) and a synthetic stream
/// names it.
public enum LearningTask: String, Sendable, Hashable, CaseIterable {
    /// Labels in {0, 1}.
    case binary
    /// Labels in {0, …, K−1}.
    case multiclass
    /// Real-valued targets.
    case regression
    /// Non-negative integer counts.
    case count

    /// Whether labels are integers (class indices or counts), sent as `<i8` by blr-publish: every task but
    /// regression.
    public var hasIntegerLabels: Bool { self != .regression }

    /// The label dtypes an ingest message may declare (docs/PROTOCOL.md §1.1): `<f4`/`<f8` for regression;
    /// `<i4`/`<i8` for class indices and counts, and also `<f4`/`<f8` when every value is an integer (numpy
    /// code often holds labels as floats; a fractional value is then refused as out of range).
    public var labelDTypes: [DType] {
        switch self {
        case .regression: return [.f4, .f8]
        case .binary, .multiclass, .count: return [.i4, .i8, .f4, .f8]
        }
    }
}
