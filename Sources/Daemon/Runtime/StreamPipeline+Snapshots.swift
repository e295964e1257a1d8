import Decode
import Inference
import Persist

extension StreamPipeline {
    /// Writes session i's state with its stream position, in one transaction (CONTRACT §4, durability), and
    /// returns the snapshot's version. A session whose posterior has not changed since its newest snapshot
    /// writes nothing and returns that snapshot's version.
    @discardableResult
    func persist(session i: Int, reason: SnapshotReason) -> Int? {
        let snapshot = sessions[i].snapshot()
        if durable[i].version == sessions[i].version { return durable[i].version }
        let name = sessions[i].config.name
        do {
            let blob = try snapshot.encoded()
            let position = sessions[i].position
            let metrics = ControlJSON.metrics(sessions[i].metrics.summary.mapValues { Optional($0) }).jsonText
            let before = streamDurable
            let previous = durable[i]
            let record = NewSnapshot(
                model: name, version: sessions[i].version, epoch: position?.epoch ?? 0, seq: position?.seq,
                rule: sessions[i].config.spec.rule.rawValue, family: sessions[i].model.posterior.family, state: blob,
                metricsJSON: metrics, reason: reason)
            durable[i] = (position, sessions[i].version)
            let after = streamDurable
            var positions: [Persist.StreamPosition] = []
            if let after, after != before { positions.append(.init(stream: stream.name, epoch: after.epoch, seq: after.seq)) }
            do {
                _ = try store.saveSnapshot(record, positions: positions)
            } catch {
                durable[i] = previous
                throw error
            }
            board.update(stream: stream.name) { $0.durableSeq = self.streamDurable?.seq }
            logger.debug("snapshot", metadata: ["blrd.model": "\(name)", "version": "\(sessions[i].version)", "reason": "\(reason)"])
            return sessions[i].version
        } catch {
            logger.error("snapshot failed", metadata: ["blrd.model": "\(name)", "error": "\(error)"])
            return nil
        }
    }

    /// `model/<model>`: the posterior after the update, with the newest durable seq.
    func publishModel(_ i: Int) {
        let session = sessions[i]
        let position = session.position
        publisher.publish {
            OutboundEncoder.model(
                model: session.config.name, stream: stream.name, version: session.version, seq: position?.seq ?? 0,
                epoch: position?.epoch ?? 0, durableSeq: durable[i].position?.seq, rule: session.config.spec.rule.rawValue,
                posterior: session.model.posterior, layout: session.config.spec.architecture.layout,
                metrics: session.metrics.summary.mapValues { Optional($0) }, pubseq: $0, instance: $1)
        }
    }

    /// The control server's view of session i.
    func publishStatus(_ i: Int) {
        let s = sessions[i]
        board.set(
            model: s.config.name,
            .init(
                stream: stream.name, model: s.model, version: s.version, seq: s.position?.seq,
                durableSeq: durable[i].position?.seq, rule: s.config.spec.rule.rawValue, metrics: s.metrics))
    }

    /// At shutdown: a final snapshot of every session whose posterior changed since its newest one.
    func finish() {
        for i in sessions.indices { persist(session: i, reason: .shutdown) }
    }
}
