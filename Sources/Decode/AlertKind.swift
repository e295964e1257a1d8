/// The kinds of `alert/<kind>/<subject>` messages (CONTRACT §4).
public enum AlertKind: String, Sendable, Hashable, CaseIterable {
    /// A drift detector fired (subject: the model).
    case drift
    /// Examples of a batch exceeded the sensitivity threshold (subject: the model).
    case sensitivity
    /// An ingest message was rejected (subject: the stream).
    case input
    /// The stream's seq jumped forward (subject: the stream).
    case gap
    /// A journal or snapshot write failed, or a damaged snapshot was skipped at start (subject: the model).
    case persist
}
