import Vocabulary

/// Examples held in memory, read from a CSV file or an `.npy` pair: n rows of d features and n labels, with a
/// cursor for ``ExampleSource``.
struct ExampleTable: ExampleSource {
    let features: Int
    let count: Int
    /// n × d features, row-major.
    let x: [Double]
    /// n labels.
    let y: [Double]
    let task: LearningTask
    let classes: Int?
    let isSinglePrecision: Bool
    let summary: String
    /// The next example to hand out.
    private var cursor = 0

    /// A table of `x` (n × `features`, row-major) and `y` (n labels), limited to the first `limit` rows when
    /// given.
    ///
    /// The task is `task` when given (checked against the labels), else inferred from them
    /// (``Vocabulary/LearningTask/infer(labels:integerDType:)``).
    ///
    /// - Throws: ``PublishError`` naming `origin` when a label does not fit `task`, or there are no rows.
    init(
        x: [Double], y: [Double], features: Int, integerLabels: Bool, isSinglePrecision: Bool, origin: String,
        summary: String, task: LearningTask?, limit: Int?
    ) throws(PublishError) {
        let rows = min(y.count, limit ?? y.count)
        guard rows > 0 else { throw PublishError("\(origin): no examples to publish") }
        let labels = rows == y.count ? y : Array(y[..<rows])
        let chosen = task ?? LearningTask.infer(labels: labels, integerDType: integerLabels)
        try chosen.check(labels: labels, classes: nil, origin: origin)
        self.features = features
        self.count = rows
        self.x = rows == y.count ? x : Array(x[..<(rows * features)])
        self.y = labels
        self.task = chosen
        self.classes = chosen.classes(of: labels)
        self.isSinglePrecision = isSinglePrecision
        self.summary = summary
    }

    mutating func next(rows: Int) -> (x: [Double], y: [Double]) {
        let start = cursor
        let end = min(count, start + rows)
        cursor = end
        return (Array(x[(start * features)..<(end * features)]), Array(y[start..<end]))
    }

    mutating func rewind() {
        cursor = 0
    }
}
