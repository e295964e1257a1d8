import Vocabulary

/// One example of an `alert/sensitivity/<model>` message (docs/PROTOCOL.md §2 `examples`).
public struct SensitiveExample: Sendable, Equatable {
    /// Row of the example in its batch.
    public var index: Int
    /// The publisher's id of the example, when the message had `ids` (`null` otherwise).
    public var id: ExampleID?
    /// How far the example moved the posterior (the detector's deviation).
    public var deviation: Double
    /// Its prediction error.
    public var error: Double
    /// Its predictive variance.
    public var variance: Double
    /// The probability, under the model's predictive, of a label at least as unlikely as its own.
    public var tail: Double

    public init(index: Int, id: ExampleID?, deviation: Double, error: Double, variance: Double, tail: Double) {
        self.index = index
        self.id = id
        self.deviation = deviation
        self.error = error
        self.variance = variance
        self.tail = tail
    }

    /// The JSON object `{index, id, deviation, error, variance, tail}`.
    public var json: JSONValue {
        .object([
            "index": JSONValue(index), "id": id?.json ?? .null, "deviation": JSONValue(deviation),
            "error": JSONValue(error), "variance": JSONValue(variance), "tail": JSONValue(tail),
        ])
    }
}
