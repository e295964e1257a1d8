/// Per-model counts since the daemon started, kept by the stream's pipeline (on its own thread, no lock) and
/// copied to the status board with the session after each batch.
struct ModelCounters: Sendable, Equatable {
    /// Batches the model learned from.
    var updates = 0
    /// `alert/drift/` messages.
    var driftAlarms = 0
    /// `alert/sensitivity/` messages.
    var sensitivityAlerts = 0
    /// How long each `process` (predict, score, learn) of a labelled batch took.
    var updateSeconds = LatencyHistogram()
}
