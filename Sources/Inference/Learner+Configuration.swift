extension Learner {
    /// What the stored state's meaning depends on: each member's name and shape fingerprint. A daemon refuses to
    /// resume a learner whose fingerprint its configuration changed.
    public var shapeFingerprint: String {
        if members.count == 1 { return members[0].model.spec.shapeFingerprint }
        return members.map { "\($0.name): \($0.model.spec.shapeFingerprint)" }.joined(separator: "; ")
    }

    /// The stored learner's state under this (configured) learner's settings: members are matched by name (a
    /// single member by position, so a state written before members had names restores), each member's model
    /// takes the configured hyperparameters, forgetting and, when the stored one has none, calibrator; weights
    /// and the detector's running state carry over, its settings are the configured ones.
    public func restoring(_ stored: Learner) throws -> Learner {
        var next = self
        let byName = Dictionary(stored.members.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var sameMembers = stored.members.count == members.count
        for (m, member) in members.enumerated() {
            let index = members.count == 1 && stored.members.count == 1 ? 0 : byName[member.name]
            guard let index else {
                throw InferenceError.unsupported(
                    "the stored model has no member '\(member.name)' (members: \(stored.members.map(\.name).joined(separator: ", ")))"
                )
            }
            sameMembers = sameMembers && index == m
            let old = stored.members[index]
            next.members[m].model = try old.model.reconfigured(to: member.model.spec)
            if let calibrator = old.calibrator, member.calibrator != nil { next.members[m].calibrator = calibrator }
        }
        if sameMembers { next.logWeights = stored.logWeights }
        // The beam's hypotheses carry over when the configured beam is the stored one's (same settings, same
        // anchor); otherwise the configured beam starts afresh (it only loses hypotheses not yet confirmed).
        if let stored = stored.drift.beam, let configured = next.drift.beam, stored.settings == configured.settings,
            stored.challengers.allSatisfy({ $0.model.spec == next.members[next.anchor].model.spec })
        {
            next.drift.beam = stored
        }
        next.drift.detector.restore(
            observed: stored.drift.detector.observed, mean: stored.drift.detector.mean,
            variance: stored.drift.detector.variance, statistic: stored.drift.detector.statistic)
        return next
    }
}
