import Foundation
import Logging
import Persist

/// A model's snapshot retention (`keep_snapshots`, `keep_for`), applied by the snapshot writer after each
/// commit: an older version can be restored until it falls out of the newest `keep_snapshots` or grows older
/// than `keep_for`. The newest snapshot, and the newest intact one, are never pruned (`StateStore.retain`).
struct SnapshotRetention: Sendable {
    /// 0: no count limit.
    let keep: Int
    /// Seconds; nil: no age limit.
    let keepFor: Double?

    init(_ config: ModelConfig) {
        keep = config.keepSnapshots
        keepFor = config.keepFor
    }

    var isOff: Bool { keep == 0 && keepFor == nil }

    func apply(to store: StateStore, model: String, logger: Logger) {
        guard !isOff else { return }
        do {
            try store.retain(model: model, keep: keep, before: keepFor.map { Date().addingTimeInterval(-$0) })
        } catch {
            logger.warning("pruning old snapshots failed", metadata: ["blrd.model": "\(model)", "error": "\(error)"])
        }
    }
}
