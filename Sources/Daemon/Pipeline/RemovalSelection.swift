import Decode
import Persist
import Vocabulary

/// Which remembered examples a what-if takes out (control `whatif`, `"remove"`).
enum RemovalSelection: Sendable, Equatable {
    /// `{"ids": [...]}`: the examples with these ids.
    case ids([ExampleID])
    /// `{"class": K}`: every example labelled K (a class index; for a regression or count, that exact value).
    case label(Double)
    /// `{"since_seq": S, "since_epoch": E}`: every example at (epoch, seq) ≥ (E, S); E defaults to the model's epoch.
    case since(BatchPosition)

    /// The indices of `rows` selected, and the ids asked for that no remembered row carries.
    func select(_ rows: some Collection<RememberedExample>) -> (indices: [Int], missing: [ExampleID]) {
        switch self {
        case .ids(let ids):
            let wanted = Set(ids)
            let indices = rows.enumerated().filter { $0.element.id.map(wanted.contains) ?? false }.map(\.offset)
            let found = Set(rows.compactMap(\.id))
            return (indices, ids.filter { !found.contains($0) })
        case .label(let k):
            return (rows.enumerated().filter { $0.element.y == k }.map(\.offset), [])
        case .since(let position):
            return (
                rows.enumerated().filter { BatchPosition(epoch: $0.element.epoch, seq: $0.element.seq) >= position }
                    .map(\.offset), []
            )
        }
    }
}
