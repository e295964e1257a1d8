import Decode
import Foundation
import Inference
import Logging
import ZeroMQ

/// The control endpoint (docs/PROTOCOL.md §3): a ROUTER socket answering JSON requests — status, describe, predict,
/// snapshot, restore, reset — from REQ or DEALER clients. Reads come from the status board; changes run on the model's
/// stream worker between batches. Requests are served concurrently, so a slow snapshot never blocks a status.
final class ControlServer: Sendable {
    let endpoint: String
    private let loop: SocketLoop
    let board: StatusBoard
    /// Every configured stream by name (for `describe`).
    let streams: [String: StreamConfig]
    /// The worker of each model's stream.
    let workers: [String: StreamWorker]
    let instance: String
    private let logger: Logger

    static let operations = ["status", "describe", "predict", "snapshot", "restore", "reset", "whatif"]

    init(
        context: Context, endpoint: String, board: StatusBoard, streams: [StreamConfig],
        workers: [String: StreamWorker], instance: String, curve: CurveCredentials? = nil, logger: Logger
    ) throws {
        self.endpoint = endpoint
        self.board = board
        self.streams = Dictionary(streams.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.workers = workers
        self.instance = instance
        self.logger = logger
        loop = try SocketLoop(context: context, name: "blrd-control") { context in
            let socket = try Socket(context: context, type: .router)
            try socket.set(.maxMessageSize, Int64(64 << 20))
            try socket.serveCurve(curve, domain: "control")
            try socket.bind(endpoint)
            return [socket]
        }
    }

    /// Answers requests until `stop()`.
    func serve() async {
        await withDiscardingTaskGroup { group in
            for await batch in loop.messages {
                for received in batch {
                    let frames = received.frames
                    guard frames.count >= 2, let body = frames.last else { continue }
                    group.addTask {
                        let reply = await self.answer(body)
                        _ = self.loop.send(socketIndex: 0, frames: Array(frames.dropLast()) + [reply])
                    }
                }
            }
        }
    }

    func stop() { loop.stop() }

    /// The reply to one request body.
    func answer(_ body: [UInt8]) async -> [UInt8] {
        guard let request = try? JSONValue.parse(body), let fields = request.objectValue else {
            return ControlJSON.error("the request is not a JSON object")
        }
        guard let op = fields["op"]?.stringValue else {
            return ControlJSON.error("the request has no \"op\" (one of \(Self.operations.joined(separator: ", ")))")
        }
        switch op {
        case "status": return ControlJSON.reply(status())
        case "describe": return describe(fields)
        case "predict": return predict(fields)
        case "snapshot", "restore", "reset": return await change(op, fields)
        case "whatif": return await whatIf(fields)
        default: return ControlJSON.error("unknown op '\(op)' (one of \(Self.operations.joined(separator: ", ")))")
        }
    }

    private func status() -> [String: JSONValue] {
        var streams: [String: JSONValue] = [:]
        for (name, s) in board.allStreams {
            streams[name] = .object([
                "epoch": JSONValue(s.epoch), "last_seq": s.lastSeq.map { JSONValue($0) } ?? .null,
                "durable_seq": s.durableSeq.map { JSONValue($0) } ?? .null, "batches": JSONValue(s.batches),
                "rejected": JSONValue(s.rejected), "gaps": JSONValue(s.gaps),
                "accepting": .bool(s.accepting), "persist_failures": JSONValue(s.persistFailures),
                "persist_error": s.persistError.map { .string($0) } ?? .null,
            ])
        }
        var models: [String: JSONValue] = [:]
        for (name, m) in board.allModels {
            let learner = m.session.learner
            var fields: [String: JSONValue] = [
                "stream": .string(m.stream), "version": JSONValue(m.version),
                "seq": m.seq.map { JSONValue($0) } ?? .null, "durable_seq": m.durableSeq.map { JSONValue($0) } ?? .null,
                "rule": .string(m.session.config.rule), "family": .string(m.session.family),
                "weights": .object(
                    Dictionary(
                        zip(learner.members.map(\.name), learner.weights.map { JSONValue($0) }),
                        uniquingKeysWith: { a, _ in a })),
                "metrics": ControlJSON.metrics(m.session.metricsSummary.mapValues { Optional($0) }),
            ]
            fields["drift"] = m.session.learner.drift.summaryJSON
            for (key, scores) in m.session.rollingSummaries {
                fields[key] = ControlJSON.metrics(scores.mapValues { Optional($0) })
            }
            models[name] = .object(fields)
        }
        return ["instance": .string(instance), "streams": .object(streams), "models": .object(models)]
    }

    private func predict(_ fields: [String: JSONValue]) -> [UInt8] {
        guard let name = fields["model"]?.stringValue else { return ControlJSON.error("predict needs \"model\"") }
        guard let status = board.model(name) else { return ControlJSON.error("no model named '\(name)'") }
        do {
            let x = try ControlJSON.rows(fields["x"], features: status.session.config.features)
            var reply = ControlJSON.predictive(try status.session.predict(x))
            reply["model"] = .string(name)
            reply["stream"] = .string(status.stream)
            reply["version"] = JSONValue(status.version)
            reply["seq"] = status.seq.map { JSONValue($0) } ?? .null
            return ControlJSON.reply(reply)
        } catch {
            return ControlJSON.error("predict: \(error)")
        }
    }

    private func change(_ op: String, _ fields: [String: JSONValue]) async -> [UInt8] {
        guard let name = fields["model"]?.stringValue else { return ControlJSON.error("\(op) needs \"model\"") }
        guard let worker = workers[name] else { return ControlJSON.error("no model named '\(name)'") }
        var version: Int?
        if op == "restore" {
            guard let v = fields["version"]?.exactUInt64, v >= 1, v <= UInt64(Int.max) else {
                return ControlJSON.error("restore needs \"version\", a snapshot version (see blrctl snapshots)")
            }
            version = Int(v)
        }
        let result: Result<Int, ControlFailure> = await withCheckedContinuation { continuation in
            let reply: @Sendable (Result<Int, ControlFailure>) -> Void = { continuation.resume(returning: $0) }
            switch op {
            case "snapshot": worker.submit(.snapshot(model: name, reply: reply))
            case "restore": worker.submit(.restore(model: name, version: version!, reply: reply))
            default: worker.submit(.reset(model: name, reply: reply))
            }
        }
        switch result {
        case .success(let v):
            logger.info("control \(op)", metadata: ["blrd.model": "\(name)", "version": "\(v)"])
            return ControlJSON.reply(["model": .string(name), "version": JSONValue(v)])
        case .failure(let failure):
            return ControlJSON.error(failure.description)
        }
    }
}
