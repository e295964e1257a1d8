import Decode
import Inference
import Persist

extension StreamPipeline {
    /// Takes session i's snapshot now and has the writer commit it with the stream position, in one
    /// transaction (docs/PROTOCOL.md §4). Returns its version — once committed when `wait`, else at once.
    /// A posterior whose version was already snapshotted takes no new one.
    @discardableResult
    func persist(session i: Int, reason: SnapshotReason, wait: Bool = false) -> Int? {
        let snapshot = sessions[i].snapshot()
        let version = sessions[i].version
        let name = sessions[i].config.name
        if requested[i] == version {
            // Already taken. Without waiting, that is enough; waiting, let the queue reach it, and write it
            // again below only if that write failed.
            guard wait else { return version }
            _ = writer.write { _ in true }
            if durable.current[i].version == version { return version }
        }
        requested[i] = version
        let memory = sessions[i].memory.take(model: name).map { [$0] } ?? []
        let position = sessions[i].position
        let metrics = ControlJSON.metrics(sessions[i].metricsSummary.mapValues { Optional($0) }).jsonText
        let rule = sessions[i].config.rule
        let family = sessions[i].family
        let (durable, journaled, board, logger, stream) = (
            self.durable, self.journaled, self.board, self.logger, self.stream.name
        )
        let failures = health
        let retention = SnapshotRetention(sessions[i].config)
        let job: SnapshotWriter.Job = { store in
            let started = ContinuousClock.now
            do {
                let record = NewSnapshot(
                    model: name, version: version, epoch: position?.epoch ?? 0, seq: position?.seq, rule: rule,
                    family: family, state: try snapshot.encoded(), metricsJSON: metrics, reason: reason)
                let (before, after) = durable.withLock { all -> (BatchPosition?, BatchPosition?) in
                    var next = all
                    next[i] = Durable(position: position, version: version)
                    return (Durable.stream(all), Durable.stream(next))
                }
                var positions: [Persist.StreamPosition] = []
                if let after, after != before {
                    positions.append(.init(stream: stream, epoch: after.epoch, seq: after.seq))
                }
                _ = try store.saveSnapshot(record, positions: positions, memory: memory)
                let streamPosition = durable.withLock { all -> BatchPosition? in
                    all[i] = Durable(position: position, version: version)
                    return Durable.stream(all)
                }
                let newest = journaled.current
                let streamDurable = Durable.newer(newest, streamPosition)
                board.update(stream: stream) {
                    $0.durableSeq = streamDurable?.seq
                    $0.durableEpoch = streamDurable?.epoch
                }
                board.update(model: name) { $0.durableSeq = Durable.newer(newest, position)?.seq }
                board.recordSnapshot(model: name, ContinuousClock.now - started)
                logger.debug(
                    "snapshot", metadata: ["blrd.model": "\(name)", "version": "\(version)", "reason": "\(reason)"])
                failures.succeeded()
                retention.apply(to: store, model: name, logger: logger)
                return true
            } catch {
                logger.error(
                    "snapshot failed",
                    metadata: ["blrd.model": "\(name)", "version": "\(version)", "error": "\(error)"])
                failures.failed(what: "snapshot", error: error, models: [name], seq: position?.seq)
                return false
            }
        }
        guard wait else {
            writer.submit(job)
            return version
        }
        return writer.write(job) ? version : nil
    }

    /// `model/<model>`: the posterior after the update, with the newest durable seq.
    func publishModel(_ i: Int) {
        let session = sessions[i]
        let position = session.position
        // Built now, from the posterior as it is after this update; stamped with its pubseq when it goes out.
        // While a journaled group is learned its batches are about to be on disk: the message says so, and it
        // is held until they are.
        let durableSeq = held != nil ? position?.seq : durablePosition(i)?.seq
        let message = OutboundEncoder.modelMessage(
            model: session.config.name, stream: stream.name, version: session.version, seq: position?.seq ?? 0,
            epoch: position?.epoch ?? 0, durableSeq: durableSeq, rule: session.config.rule, learner: session.learner,
            metrics: session.metricsSummary.mapValues { Optional($0) }, layout: layout(i))
        // The rolling windows are not in `model/`: two more score objects per update cost ~20 % of the per-message
        // rate at B = 1 (blr-bench e2e). They go out on `metrics/<model>`, in `status` and on /metrics.
        publish { message.frames(pubseq: $0, instance: $1) }
    }

    /// Session i's `layout` for `model/`, built once per leading member (it never changes while that member leads).
    func layout(_ i: Int) -> JSONValue {
        let leader = sessions[i].learner.leader
        if let cached = layouts[i][leader] { return cached }
        let layout = OutboundEncoder.layout(of: sessions[i].learner)
        layouts[i][leader] = layout
        return layout
    }

    /// The control server's view of session i.
    func publishStatus(_ i: Int) {
        // Without the what-if memory: a copy on the board would make the next batch's append copy it whole.
        let s = sessions[i].withoutMemory
        board.set(
            model: s.config.name,
            .init(
                stream: stream.name, session: s, version: s.version, seq: s.position?.seq,
                durableSeq: durablePosition(i)?.seq, counters: counters[i]))
    }

    /// At shutdown: a final snapshot of every session whose posterior changed since its newest one, written
    /// before the writer stops. False when one of them failed (the daemon then exits non-zero).
    func finish() -> Bool {
        journal?.stop()
        let committed = sessions.indices.map { persist(session: $0, reason: .shutdown, wait: true) != nil }
        writer.stop()
        return !committed.contains(false)
    }
}
