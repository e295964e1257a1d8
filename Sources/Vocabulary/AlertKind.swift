/// The kind of an `alert/<kind>/<subject>` message (docs/PROTOCOL.md §2), as published and as recorded in the
/// state file's `alert` table.
///
/// An open set: a kind written by a newer build still reads back from the store. ``allCases`` are the kinds
/// this build publishes. blrctl's `--kind` parses it (the conformance is in blrctl).
public struct AlertKind: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A drift detector fired (subject: the model).
    public static let drift = AlertKind(rawValue: "drift")
    /// Examples of a batch exceeded the sensitivity threshold (subject: the model).
    public static let sensitivity = AlertKind(rawValue: "sensitivity")
    /// An ingest message was rejected (subject: the stream).
    public static let input = AlertKind(rawValue: "input")
    /// A stream's seq jumped forward (subject: the stream).
    public static let gap = AlertKind(rawValue: "gap")
    /// A journal or snapshot write failed, or a damaged snapshot was skipped at start (subject: the model).
    public static let persist = AlertKind(rawValue: "persist")

    /// The kinds this build publishes.
    public static let allCases: [AlertKind] = [.drift, .sensitivity, .input, .gap, .persist]

    public var description: String { rawValue }
}
