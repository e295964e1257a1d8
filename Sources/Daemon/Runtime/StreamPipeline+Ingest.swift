import Decode
import Foundation
import Inference
import Persist

/// The per-message path: decode and check, journal, learn with every model, publish.
extension StreamPipeline {
    /// A drained group of messages: each is decoded and checked; the labelled ones go to the journal writer in
    /// one transaction (group commit) while this thread predicts and learns the group with every publication
    /// held back; once the group is on disk the held messages go out in order, so every `pred/` and `model/` is
    /// for a batch a `kill -9` cannot lose. A group the journal cannot take is undone — posteriors, position and
    /// counters as before it, its messages never sent — and refused (`persist_failed`): learning a batch that is
    /// not on disk would let `durable_seq` later pass over it, and a client resending from there would never
    /// send it again. Without the journal, a stream whose writes failed `persist_failures` times in a row first
    /// retries its snapshots, and refuses the group if they fail.
    ///
    /// `stopping` is asked between messages: at shutdown the rest of a journaled group waits in the journal for
    /// the next start.
    func handle(_ group: [[[UInt8]]], stopping: () -> Bool = { false }) {
        let before = last
        var accepted: [Accepted] = []
        for frames in group {
            if let message = accept(frames) { accepted.append(message) }
        }
        guard !accepted.isEmpty else { return }
        accepted = coalesced(accepted)
        if !replaying, let journal {
            // Only what changes a posterior needs replaying: an unlabelled batch is predicted and learns nothing
            // (a resuming client resends it).
            let learnable = accepted.filter { $0.message.isLabelled }
            if !learnable.isEmpty {
                applyJournaled(accepted, learnable: learnable, through: journal, restoring: before, stopping: stopping)
                return
            }
        } else if !replaying, journal == nil, !accepting {
            let written = sessions.indices.allSatisfy { persist(session: $0, reason: .periodic, wait: true) != nil }
            guard written else {
                refuse(accepted, restoring: before)
                return
            }
        }
        outbox = []
        for a in accepted { apply(a) }
        catchUp()
        let messages = outbox ?? []
        outbox = nil
        publisher.send(messages)
    }

    /// At the end of a group: `model/` for every session that learned since its last one, and the board for
    /// every session whose entry is behind, so an idle stream always shows its newest posterior.
    func catchUp() {
        for i in sessions.indices {
            if sinceModel[i].batches > 0 {
                publishStatus(i)
                publishModel(i)
                sinceModel[i].published()
            } else if sinceModel[i].boardBehind {
                publishStatus(i)
                sinceModel[i].boardBehind = false
            }
        }
    }

    /// Refuses a group the state could not be written for: `persist_failed`, and the position as before it. Until
    /// the first refused batch is sent again, later ones of its epoch are refused too, so a write that succeeds
    /// again cannot let a later seq pass as a gap over a batch that was never learned.
    func refuse(_ accepted: [Accepted], restoring before: BatchPosition?) {
        last = before
        // A coalesced chunk is refused as the messages it was made of.
        let received = accepted.flatMap { a in a.parts?.map { ($0.position, $0.frames) } ?? [(a.position, a.frames)] }
        if let first = received.first?.0 { resendFrom = min(resendFrom ?? first, first) }
        let reason =
            "the daemon could not write its state (\(health.consecutiveFailures) failed writes in a row: "
            + "\(health.lastError ?? "unknown")); send it again after durable_seq"
        for (position, frames) in received { reject(frames, seq: position.seq, reason: reason, code: "persist_failed") }
    }

    /// A message that passed every check, with the position it was checked against.
    struct Accepted {
        var message: IngestMessage
        var position: BatchPosition
        var frames: [[UInt8]]
        /// The position accepted before it, for the gap check.
        var previous: BatchPosition?
        /// A coalesced chunk's messages (`coalesce`); nil for a message learned alone.
        var parts: [Part]? = nil
    }

    /// Decodes and checks one message against the last accepted position; a refused one is reported here.
    func accept(_ frames: [[UInt8]]) -> Accepted? {
        // The socket filters by prefix; a stream whose name merely starts with ours is not addressed to us.
        guard let topic = frames.first, topic.elementsEqual(stream.name.utf8) else {
            logger.debug(
                "message for another stream dropped",
                metadata: ["topic": "\(String(decoding: frames.first ?? [], as: UTF8.self))"])
            return nil
        }
        let message: IngestMessage
        do {
            message = try IngestDecoder.decode(frames, stream: spec, maxElements: maxElements)
        } catch {
            reject(frames, seq: error.seq, reason: error.description, code: error.code)
            return nil
        }
        let position = BatchPosition(epoch: message.epoch, seq: message.seq)
        if let last, position <= last {
            reject(
                frames, seq: message.seq, reason: "seq \(position) is not above the last applied \(last)",
                code: "seq_not_increasing")
            return nil
        }
        if let r = resendFrom {
            if position.epoch == r.epoch && position > r {
                reject(
                    frames, seq: message.seq,
                    reason: "seq \(r) could not be written earlier and was not sent again; send from \(r)",
                    code: "persist_failed")
                return nil
            }
            resendFrom = nil  // the refused batch again, or a new epoch
        }
        if let last,
            position.epoch - last.epoch > maxSeqJump
                || (position.epoch == last.epoch && position.seq - last.seq > maxSeqJump)
        {
            reject(
                frames, seq: message.seq,
                reason: "\(position) is more than max_seq_jump = \(maxSeqJump) beyond the last applied \(last)",
                code: "seq_jump_too_large")
            return nil
        }
        defer { last = position }
        return Accepted(message: message, position: position, frames: frames, previous: last)
    }

    /// Learns one accepted message with every model that has not seen it.
    func apply(_ a: Accepted) {
        let position = a.position
        let first = a.parts?.first?.position ?? position
        if let last = a.previous, first.epoch == last.epoch, first.seq > last.seq + 1 {
            publish { [stream = stream.name] in
                OutboundEncoder.gapAlert(
                    stream: stream, expected: last.seq + 1, got: first.seq, epoch: first.epoch,
                    pubseq: $0, instance: $1)
            }
            record(
                .gap, subject: stream.name, seq: first.seq,
                payload: ["expected": JSONValue(last.seq + 1), "got": JSONValue(first.seq)])
            board.update(stream: stream.name) { $0.gaps += 1 }
        }
        board.update(stream: stream.name) {
            $0.epoch = position.epoch
            $0.lastSeq = position.seq
            $0.batches += a.parts?.count ?? 1
            $0.bytes += (a.parts?.map(\.frames) ?? [a.frames]).reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        }
        for i in sessions.indices where !sessions[i].hasSeen(position) {
            learn(a.message, at: position, session: i, parts: a.parts)
        }
    }

    /// Publishes unless replaying the journal (what a replay re-learns was published by the run that received
    /// it); while a journaled group is being learned, holds the message until the group is on disk.
    func publish(_ build: (_ pubseq: UInt64, _ instance: String) -> [[UInt8]]) {
        guard !replaying else { return }
        // Encoded now, on this thread, outside the publisher's lock; stamped with its pubseq when it goes out.
        enqueue(Publication(instance: publisher.instance, build))
    }

    /// Holds, collects or sends an encoded publication (see `publish(_:)`).
    func enqueue(_ publication: Publication) {
        if held != nil {
            held!.append(publication)
        } else if outbox != nil {
            outbox!.append(publication)
        } else {
            publisher.send([publication])
        }
    }

    func learn(_ message: IngestMessage, at position: BatchPosition, session i: Int, parts: [Part]? = nil) {
        let name = sessions[i].config.name
        let versionBefore = sessions[i].version
        let outcome: ModelSession.Outcome
        let started = ContinuousClock.now
        do {
            outcome = try sessions[i].process(message.batch, at: position, ids: message.ids)
            if message.isLabelled { counters[i].updateSeconds.record(ContinuousClock.now - started) }
        } catch {
            // A finite batch the model cannot predict (an input far outside the data overflows it): refused for
            // this model, loudly; its state is untouched.
            alertModelFailure(
                "prediction failed", model: name, at: position, detail: "\(error)", code: "prediction_failed",
                reason: "model \(name) cannot predict batch \(position): \(error)")
            return
        }
        if !replaying {
            // A coalesced chunk: a pred/ per message, each with its rows and its seq.
            for part in parts ?? [Part(position: position, rows: 0..<message.batch.count, frames: [])] {
                enqueue(
                    OutboundEncoder.predictionPublication(
                        model: name, stream: stream.name, seq: part.position.seq, epoch: part.position.epoch,
                        version: versionBefore,
                        predictive: parts == nil ? outcome.predictive : outcome.predictive.rows(part.rows),
                        ids: message.ids, instance: publisher.instance))
            }
        }
        if let refusal = outcome.refusal {
            alertModelFailure(
                "update refused", model: name, at: position, detail: refusal, code: "update_refused",
                reason: "model \(name) refused batch \(position): \(refusal)")
        }
        if outcome.learned { counters[i].updates += 1 }
        if let drift = outcome.drift {
            counters[i].driftAlarms += 1
            alertDrift(drift, session: i, at: position)
        }
        if let finding = outcome.sensitive {
            counters[i].sensitivityAlerts += 1
            alertSensitivity(finding, quarantined: outcome.quarantined, ids: message.ids, session: i, at: position)
        }
        if sessions[i].snapshotDue {
            if held != nil { dueSnapshots.insert(i) } else { persist(session: i, reason: .periodic) }
        }
        // The board first: a client that saw model/ and asks the control socket gets this version or newer.
        // `model/` at the model's cadence (`publish_model_every`); the group's end catches up the rest.
        if outcome.learned { sinceModel[i].learned(examples: message.batch.count) }
        if sinceModel[i].due {
            publishStatus(i)
            publishModel(i)
            sinceModel[i].published()
        } else {
            sinceModel[i].boardBehind = true
        }
    }

    func reject(_ frames: [[UInt8]], seq: UInt64?, reason: String, code: String) {
        board.update(stream: stream.name) {
            $0.rejected += 1
            $0.rejectedByCode[code, default: 0] += 1
            $0.bytes += frames.reduce(0) { $0 + $1.count }
            $0.lastRejection = StatusBoard.Rejection(seq: seq, code: code, reason: reason)
        }
        logger.warning(
            "message rejected",
            metadata: ["blrd.seq": "\(seq.map(String.init) ?? "-")", "code": "\(code)", "reason": "\(reason)"])
        publish { [stream = stream.name] in
            OutboundEncoder.inputAlert(stream: stream, seq: seq, reason: reason, code: code, pubseq: $0, instance: $1)
        }
        guard !replaying, limiter.allow() else { return }
        // On the snapshot writer's thread, like every other write: a flood of bad messages costs this thread no
        // commits.
        let (name, logger) = (stream.name, self.logger)
        let payload = JSONValue.object(["reason": .string(reason), "code": .string(code)]).jsonText
        writer.submit { store in
            do {
                _ = try store.recordDeadLetter(stream: name, seq: seq, reason: reason, frames: frames)
                _ = try store.recordAlert(kind: .input, subject: name, seq: seq, payloadJSON: payload)
            } catch {
                logger.error("could not record a rejected message", metadata: ["error": "\(error)"])
            }
            return true
        }
    }
}
