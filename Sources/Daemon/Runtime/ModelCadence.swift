/// When a model's `model/` goes out (`publish_model_every`). `pred/` goes out for every batch; `model/` for
/// every `every` learned batches — by default once per 16 examples, which is every batch at B ≥ 16 (the
/// behaviour before the setting) and one in 16 at B = 1 — and always for the last batch of a drained group, so
/// the newest posterior is published as soon as the stream is idle.
///
/// Why conflate: a `model/` costs more than the rest of a one-example message put together (its header was
/// 6 µs of ~15 µs per message at B = 1, measured in process; callgrind before/after in the runtime's closing
/// note), and a subscriber that wants the posterior wants the newest one, not each of 200 000 a second. 16, not
/// more: batches of 16–63 examples (the Python client's tests send 20) keep a `model/` each, and one in 16 already
/// takes the `model/` below 10 % of a one-example message's instructions (callgrind).
struct ModelCadence {
    /// Examples per `model/` when `publish_model_every` is not set.
    static let defaultExamples = 16

    /// Learned batches per `model/`; nil: one per ``defaultExamples`` examples.
    let every: Int?
    private(set) var batches = 0
    private(set) var examples = 0
    /// Whether the status board is behind the session (it is brought up to date with each `model/`).
    var boardBehind = false

    init(every: Int?) { self.every = every }

    /// Counts a learned batch of `examples` examples.
    mutating func learned(examples n: Int) {
        batches += 1
        examples += n
    }

    /// Whether the session's `model/` is due now.
    var due: Bool {
        guard batches > 0 else { return false }
        if let every { return batches >= every }
        return examples >= Self.defaultExamples
    }

    /// After a `model/` (or a group undone): nothing unpublished.
    mutating func published() {
        batches = 0
        examples = 0
        boardBehind = false
    }
}
