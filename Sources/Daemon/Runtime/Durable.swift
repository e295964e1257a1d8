/// What of one model is on disk: the position and version of its newest committed snapshot.
struct Durable: Sendable, Equatable {
    var position: BatchPosition?
    var version: Int?

    /// The position every model of a stream has on disk: the oldest of theirs, nil while any has none.
    static func stream(_ all: [Durable]) -> BatchPosition? {
        let positions = all.map(\.position)
        return positions.contains(where: { $0 == nil }) ? nil : positions.compactMap { $0 }.min()
    }

    /// The newer of two positions, either of which may be missing.
    static func newer(_ a: BatchPosition?, _ b: BatchPosition?) -> BatchPosition? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }
}
