import Decode
import Inference
import Persist
import Vocabulary

extension ModelSession {
    /// What taking some remembered examples out of the posterior would do (control `whatif`).
    struct WhatIf: Sendable {
        /// The learner without them: every member recomputed, the weights as they were.
        var learner: Learner
        /// Their indices in `memory.rows`.
        var removed: Set<Int>
        /// Ids asked for that the memory does not hold (never seen, or older than `whatif_memory`).
        var missing: [ExampleID]
        var members: [MemberRemoval]
        /// The leader's posterior (as published: the weights' marginal), before → after.
        var change: PosteriorChange
        /// `exact` when every member that changed changed exactly.
        var method: RemovalMethod
        /// The published predictive of the probe rows, before and after.
        var before: Predictive?
        var after: Predictive?
    }

    /// The learner without the remembered examples `selection` picks, compared with the current one; `probe`
    /// rows (n × d) are predicted by both. Pure: nothing changes until `apply`.
    func whatIf(_ selection: RemovalSelection, probe: [Double]?, top: Int = 5) throws -> WhatIf {
        guard memory.limit > 0 else { throw WhatIfError.memoryOff(model: config.name) }
        let rows = memory.rows
        let (indices, missing) = selection.select(rows)
        let picked = indices.map { rows[rows.startIndex + $0] }
        let d = config.features
        let batch = try Batch(x: picked.flatMap(\.x), y: picked.map(\.y), features: d)
        let (after, members) = try learner.removing(batch)
        let leader = learner.leader
        let change = try PosteriorChange(
            from: learner.members[leader].model.marginalPosterior, to: after.members[leader].model.marginalPosterior,
            top: top)
        let methods = members.compactMap(\.method)
        return WhatIf(
            learner: after, removed: Set(indices), missing: missing, members: members, change: change,
            method: methods.allSatisfy { $0 == .exact } ? .exact : .memoryPerturbation,
            before: try probe.map { try learner.predict($0) }, after: try probe.map { try after.predict($0) })
    }

    /// This session with an empty memory and the rolling windows' scores only (for readers that never use
    /// them: the status board).
    var withoutMemory: ModelSession {
        var copy = self
        copy.memory = ExampleMemory(limit: memory.limit)
        copy.rolling = rolling.scoresOnly
        return copy
    }

    /// This session with empty rolling windows (what a journaled group that is undone returns to).
    var withoutRollingHistory: ModelSession {
        var copy = self
        copy.rolling = RollingMetrics(limits: rolling.limits)
        return copy
    }

    /// The what-if becomes the posterior (a new version); its examples leave the memory.
    mutating func apply(_ whatIf: WhatIf) {
        replaceLearner(whatIf.learner)
        memory.remove(whatIf.removed)
    }
}

/// Why a what-if cannot be answered.
enum WhatIfError: Error, CustomStringConvertible {
    case memoryOff(model: String)

    var description: String {
        switch self {
        case .memoryOff(let model): "model '\(model)' remembers no examples (whatif_memory = 0)"
        }
    }
}
