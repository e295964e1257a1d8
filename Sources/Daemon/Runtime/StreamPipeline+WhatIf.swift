import Decode
import Inference
import Persist

extension StreamPipeline {
    /// A control `whatif` on session i, between batches: the comparison, and with `apply` the new version
    /// (persisted with reason `whatif` and published like a restore).
    func whatIf(session i: Int, _ request: WhatIfRequest) -> Result<[String: JSONValue], ControlFailure> {
        let name = sessions[i].config.name
        var selection = request.selection
        if case .since(let p) = selection, p.epoch == .max {
            selection = .since(BatchPosition(epoch: sessions[i].position?.epoch ?? 0, seq: p.seq))
        }
        let result: ModelSession.WhatIf
        do {
            result = try sessions[i].whatIf(selection, probe: request.probe)
        } catch {
            return .failure(ControlFailure("whatif on \(name): \(error)"))
        }
        let remembered = sessions[i].memory.rows.count
        var reply = Self.fields(result, session: sessions[i])
        reply["model"] = .string(name)
        reply["stream"] = .string(stream.name)
        reply["version"] = JSONValue(sessions[i].version)
        reply["remembered"] = JSONValue(remembered)
        reply["applied"] = false
        guard request.apply, !result.removed.isEmpty else { return .success(reply) }
        sessions[i].apply(result)
        switch changed(i, reason: .whatif) {
        case .success(let version):
            reply["version"] = JSONValue(version)
            reply["applied"] = true
            reply["remembered"] = JSONValue(sessions[i].memory.rows.count)
            logger.info(
                "control whatif applied",
                metadata: ["blrd.model": "\(name)", "version": "\(version)", "removed": "\(result.removed.count)"])
            return .success(reply)
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// The reply's description of a what-if.
    static func fields(_ w: ModelSession.WhatIf, session: ModelSession) -> [String: JSONValue] {
        let leader = session.learner.leader
        let names = ParameterNames(session.learner.members[leader].model.spec.architecture.layout)
        let old = session.learner.members[leader].model.marginalPosterior.variance
        var out: [String: JSONValue] = [
            "method": .string(w.method.rawValue), "removed": JSONValue(w.removed.count),
            "missing_ids": .array(w.missing.map(\.json)),
            "kl_new_old": JSONValue(w.change.klNewOld), "kl_old_new": JSONValue(w.change.klOldNew),
            "member": .string(session.learner.members[leader].name),
            "moved": .array(
                w.change.moved.map { s in
                    [
                        "index": JSONValue(s.index), "name": .string(names.name(of: s.index)),
                        "mean_before": JSONValue(s.old),
                        "mean_after": JSONValue(s.new), "sd_before": JSONValue(old[s.index].squareRoot()),
                        "shift_sd": JSONValue(s.shift),
                    ]
                }),
            "members": .array(
                zip(w.members, session.learner.weights).map { m, weight in
                    [
                        "name": .string(m.name), "weight": JSONValue(weight),
                        "method": m.method.map { .string($0.rawValue) } ?? .null,
                        "error": m.failure.map { .string($0) } ?? .null,
                    ]
                }),
            "reweighed": false,
        ]
        if let before = w.before, let after = w.after {
            out["before"] = .object(ControlJSON.predictive(before))
            out["after"] = .object(ControlJSON.predictive(after))
        }
        return out
    }
}
