import Vocabulary

/// Where the published examples come from: a table read from a file, or a synthetic generator.
///
/// A source yields one pass (an epoch) of ``count`` examples in order, a batch at a time, and can start over:
/// `--epochs E` replays the same examples E times.
protocol ExampleSource {
    /// d, the number of features.
    var features: Int { get }
    /// n, the examples in one pass.
    var count: Int { get }
    /// The task, which decides how labels are encoded.
    var task: LearningTask { get }
    /// K for a multiclass stream (the daemon's `classes`), else nil.
    var classes: Int? { get }
    /// Whether x was read as float32, so `<f4` on the wire loses nothing.
    var isSinglePrecision: Bool { get }
    /// What the start line says the examples are: `"data.csv (label y)"`, `"synthetic abrupt"`, …
    var summary: String { get }

    /// The next `rows` examples of the pass: x (rows × d, row-major) and their labels.
    mutating func next(rows: Int) -> (x: [Double], y: [Double])

    /// Starts the pass over: the next example is example 0 again, with the same values.
    mutating func rewind()
}
