import Decode
import Foundation
import Inference
import Logging
import Persist

/// The per-message work of one stream (CONTRACT §3–4): decode and validate, then for every model of the stream
/// predict → publish `pred/` → learn with the posterior as prior → snapshot when due → publish `model/`.
/// Rejected messages become `alert/input/<stream>` and dead letters; a seq that jumps becomes `alert/gap/`.
///
/// Owned by one worker thread: not thread-safe, and never shared (`@unchecked Sendable` only so the thread's
/// closure can take it).
final class StreamPipeline: @unchecked Sendable {
    let stream: StreamConfig
    let spec: StreamSpec
    var sessions: [ModelSession]
    /// Per session: the position and version of its newest snapshot on disk (the writer thread updates it).
    let durable: Locked<[Durable]>
    /// Per session: the version of its newest snapshot taken (queued or written).
    var requested: [Int?]
    let writer: SnapshotWriter
    /// The newest position accepted on this stream (nil: none yet, so the first message is not a gap).
    var last: BatchPosition?
    let publisher: Publisher
    let store: StateStore
    let board: StatusBoard
    var logger: Logger
    let maxElements: Int
    var limiter = RecordLimiter(perSecond: 50)

    init(
        stream: StreamConfig, sessions: [ModelSession], durable: [(BatchPosition?, Int?)], publisher: Publisher,
        store: StateStore, board: StatusBoard, logger: Logger, maxElements: Int
    ) throws {
        self.stream = stream
        spec = try StreamSpec(
            name: stream.name, features: stream.features,
            task: StreamSpec.Task(rawValue: stream.task.rawValue)!, classes: stream.classes)
        self.sessions = sessions
        self.durable = Locked(durable.map { Durable(position: $0.0, version: $0.1) })
        requested = durable.map(\.1)
        writer = SnapshotWriter(store: store, name: stream.name)
        self.publisher = publisher
        self.store = store
        self.board = board
        self.logger = logger
        self.logger[metadataKey: "blrd.stream"] = "\(stream.name)"
        self.maxElements = maxElements
        // Resume after the oldest model's snapshot: newer models skip what they have already seen.
        let positions = sessions.map(\.position)
        last = positions.contains(where: { $0 == nil }) ? nil : positions.compactMap { $0 }.min()
        board.update(stream: stream.name) {
            $0.epoch = self.last?.epoch ?? 0
            $0.lastSeq = self.last?.seq
            $0.durableSeq = self.streamDurable?.seq
            $0.durableEpoch = self.streamDurable?.epoch
        }
        for i in sessions.indices { publishStatus(i) }
    }

    /// The stream position every model has on disk (the publisher replays from the one after it).
    var streamDurable: BatchPosition? { Durable.stream(durable.current) }

    // MARK: ingest

    func handle(_ frames: [[UInt8]]) {
        // The socket filters by prefix; a stream whose name merely starts with ours is not addressed to us.
        guard let topic = frames.first, topic.elementsEqual(stream.name.utf8) else {
            logger.debug("message for another stream dropped", metadata: ["topic": "\(String(decoding: frames.first ?? [], as: UTF8.self))"])
            return
        }
        let message: IngestMessage
        do {
            message = try IngestDecoder.decode(frames, stream: spec, maxElements: maxElements)
        } catch {
            reject(frames, seq: error.seq, reason: error.description, code: error.code)
            return
        }
        let position = BatchPosition(epoch: message.epoch, seq: message.seq)
        if let last, position <= last {
            reject(
                frames, seq: message.seq, reason: "seq \(position) is not above the last applied \(last)",
                code: "seq_not_increasing")
            return
        }
        if let last, position.epoch == last.epoch, position.seq > last.seq + 1 {
            publisher.publish {
                OutboundEncoder.gapAlert(
                    stream: stream.name, expected: last.seq + 1, got: position.seq, epoch: position.epoch,
                    pubseq: $0, instance: $1)
            }
            record(.gap, subject: stream.name, seq: position.seq, payload: ["expected": JSONValue(last.seq + 1), "got": JSONValue(position.seq)])
            board.update(stream: stream.name) { $0.gaps += 1 }
        }
        last = position
        board.update(stream: stream.name) {
            $0.epoch = position.epoch
            $0.lastSeq = position.seq
            $0.batches += 1
        }
        for i in sessions.indices where !sessions[i].hasSeen(position) {
            learn(message, at: position, session: i)
        }
    }

    private func learn(_ message: IngestMessage, at position: BatchPosition, session i: Int) {
        let name = sessions[i].config.name
        let versionBefore = sessions[i].version
        let outcome: ModelSession.Outcome
        do {
            outcome = try sessions[i].process(message.batch, at: position)
        } catch {
            // A finite batch the model cannot predict (an input far outside the data overflows it): refused for
            // this model, loudly; its state is untouched.
            let reason = "model \(name) cannot predict batch \(position): \(error)"
            logger.warning("prediction failed", metadata: ["blrd.model": "\(name)", "blrd.seq": "\(position)", "error": "\(error)"])
            publisher.publish {
                OutboundEncoder.inputAlert(stream: stream.name, seq: position.seq, reason: reason, code: "prediction_failed", pubseq: $0, instance: $1)
            }
            record(.input, subject: stream.name, seq: position.seq, payload: ["reason": .string(reason), "code": "prediction_failed"])
            return
        }
        publisher.publish {
            OutboundEncoder.prediction(
                model: name, stream: stream.name, seq: position.seq, epoch: position.epoch, version: versionBefore,
                predictive: outcome.predictive, ids: message.ids, pubseq: $0, instance: $1)
        }
        if let refusal = outcome.refusal {
            let reason = "model \(name) refused batch \(position): \(refusal)"
            logger.warning("update refused", metadata: ["blrd.model": "\(name)", "blrd.seq": "\(position)", "reason": "\(refusal)"])
            publisher.publish {
                OutboundEncoder.inputAlert(stream: stream.name, seq: position.seq, reason: reason, code: "update_refused", pubseq: $0, instance: $1)
            }
            record(.input, subject: stream.name, seq: position.seq, payload: ["reason": .string(reason), "code": "update_refused"])
        }
        if let drift = outcome.drift { alertDrift(drift, session: i, at: position) }
        if !outcome.sensitive.isEmpty { alertSensitivity(outcome.sensitive, ids: message.ids, session: i, at: position) }
        if sessions[i].snapshotDue { persist(session: i, reason: .periodic) }
        // The board first: a client that saw model/ and asks the control socket gets this version or newer.
        publishStatus(i)
        if outcome.learned { publishModel(i) }
    }

    private func reject(_ frames: [[UInt8]], seq: UInt64?, reason: String, code: String) {
        board.update(stream: stream.name) {
            $0.rejected += 1
            $0.lastRejection = StatusBoard.Rejection(seq: seq, code: code, reason: reason)
        }
        logger.warning("message rejected", metadata: ["blrd.seq": "\(seq.map(String.init) ?? "-")", "reason": "\(reason)"])
        publisher.publish {
            OutboundEncoder.inputAlert(stream: stream.name, seq: seq, reason: reason, code: code, pubseq: $0, instance: $1)
        }
        guard limiter.allow() else { return }
        do {
            _ = try store.recordDeadLetter(stream: stream.name, seq: seq, reason: reason, frames: frames)
            _ = try store.recordAlert(
                kind: .input, subject: stream.name, seq: seq,
                payloadJSON: JSONValue.object(["reason": .string(reason), "code": .string(code)]).jsonText)
        } catch {
            logger.error("could not record a rejected message", metadata: ["error": "\(error)"])
        }
    }
}
