/// What a what-if removal did to one member of a learner.
public struct MemberRemoval: Sendable, Equatable {
    public let name: String
    /// How its posterior was recomputed; nil when it could not be (the member is left as it was).
    public let method: RemovalMethod?
    /// Why it could not be, in words.
    public let failure: String?
}

extension Learner {
    /// The learner as if it had not learned `examples` (raw rows and labels, as learned), member by member, and
    /// how each member was recomputed. `self` is never changed.
    ///
    /// Every member takes the rows out of its own posterior (`Model.removing`); the weights, calibrators and drift
    /// detector stay as they are. The weights are the members' prequential scores of predictions made before
    /// each batch — removing an example's score would need the member's predictive of it as it was then, which
    /// no posterior holds — so the average is not reweighed. A member is exact only when nothing forgot from
    /// outside it either: its forgetting is none and drift alarms only report (`DriftResponse.acts` false). A
    /// member whose posterior cannot lose the rows (its precision would not stay positive definite, e.g. rows
    /// long forgotten) keeps its posterior, and says why.
    public func removing(_ examples: Batch) throws -> (learner: Learner, members: [MemberRemoval]) {
        guard examples.features == features else {
            throw InferenceError.shapeMismatch("rows have \(examples.features) features, the model expects \(features)")
        }
        var next = self
        var report: [MemberRemoval] = []
        for m in members.indices {
            let member = members[m]
            let exactAllowed = member.forgetting == .none && !drift.acts
            do {
                let (model, method) = try member.model.removing(examples, exactAllowed: exactAllowed)
                next.members[m].model = model
                report.append(MemberRemoval(name: member.name, method: method, failure: nil))
            } catch let error as InferenceError {
                if case .shapeMismatch = error { throw error }
                if case .invalidLabel = error { throw error }
                report.append(MemberRemoval(name: member.name, method: nil, failure: "\(error)"))
            }
        }
        guard report.contains(where: { $0.method != nil }) else {
            throw InferenceError.unsupported(
                "no member could take the rows out: " + report.compactMap(\.failure).joined(separator: "; "))
        }
        return (next, report)
    }
}
