import Persist

extension StreamPipeline {
    /// Runs a control command between batches and replies.
    func execute(_ command: WorkerCommand) {
        let result: Result<Int, ControlFailure>
        switch command {
        case .whatIf(let model, let request, let reply):
            reply(session(named: model).flatMap { i in whatIf(session: i, request) })
            return
        case .snapshot(let model, _):
            result = session(named: model).flatMap { i in
                persist(session: i, reason: .control, wait: true).map { .success($0) }
                    ?? .failure(ControlFailure("the snapshot of \(model) could not be written (see the daemon's log)"))
            }
        case .restore(let model, let version, _):
            result = session(named: model).flatMap { i in restore(session: i, version: version) }
        case .reset(let model, _):
            result = session(named: model).flatMap { i in
                sessions[i].reset()
                return changed(i, reason: .reset)
            }
        }
        switch (command, result) {
        case (.snapshot(_, let reply), _), (.restore(_, _, let reply), _), (.reset(_, let reply), _): reply(result)
        case (.whatIf, _): break
        }
    }

    func session(named model: String) -> Result<Int, ControlFailure> {
        guard let i = sessions.firstIndex(where: { $0.config.name == model }) else {
            return .failure(ControlFailure("model '\(model)' is not on stream \(stream.name)"))
        }
        return .success(i)
    }

    private func restore(session i: Int, version: Int) -> Result<Int, ControlFailure> {
        let name = sessions[i].config.name
        do {
            guard let record = try store.snapshot(model: name, version: version) else {
                return .failure(ControlFailure("model '\(name)' has no snapshot version \(version)"))
            }
            let stored = try SessionSnapshot(decoding: record.state)
            try sessions[i].restore(stored.learner, through: stored.state.position)
        } catch {
            return .failure(ControlFailure("restore of \(name)@\(version) failed: \(error)"))
        }
        return changed(i, reason: .restore)
    }

    /// After a restore or reset: persist the new version, publish it, reply with it.
    func changed(_ i: Int, reason: SnapshotReason) -> Result<Int, ControlFailure> {
        guard let version = persist(session: i, reason: reason, wait: true) else {
            return .failure(
                ControlFailure(
                    "the new state of \(sessions[i].config.name) could not be written (see the daemon's log)"))
        }
        publishStatus(i)
        publishModel(i)
        return .success(version)
    }
}
