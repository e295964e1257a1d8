import Decode
import Foundation
import Logging
import Persist
import ServiceLifecycle
import ZeroMQ

/// A running daemon: the store, every model restored, and the sockets bound — in that order (CONTRACT §4: it
/// restores its state before it subscribes to any stream and before it answers status). `services` are the
/// long-running parts for a `ServiceGroup`; `run()` runs them until SIGTERM or SIGINT.
public final class DaemonRuntime: Sendable {
    public let config: DaemonConfig
    let context: Context
    let store: StateStore
    let publisher: Publisher
    let workers: [StreamWorker]
    let control: ControlServer
    let board: StatusBoard
    let notifier: SystemdNotifier
    /// Authenticates CURVE clients; nil without CURVE.
    let zap: ZAPHandler?
    let logger: Logger

    public init(config: DaemonConfig, environment: [String: String], logger: Logger) throws {
        self.config = config
        self.logger = logger
        // The key files first: a bad one is a configuration error (exit 78) before anything is opened.
        let curve = try config.daemon.curve?.load()
        notifier = SystemdNotifier(environment: environment)
        board = StatusBoard()
        var options = StateStore.Options()
        options.deadLettersPerStream = config.daemon.deadLetterLimit
        store = try StateStore(path: config.daemon.state, options: options)
        var pipelines: [(StreamConfig, [ModelSession], [(BatchPosition?, Int?)])] = []
        for stream in config.streams {
            var sessions: [ModelSession] = []
            var durable: [(BatchPosition?, Int?)] = []
            for model in config.models(of: stream.name) {
                let (session, version) = try Self.restore(model, store: store, logger: logger)
                sessions.append(session)
                durable.append((session.position, version))
            }
            pipelines.append((stream, sessions, durable))
        }
        context = try Context()
        // Before any CURVE socket exists: libzmq lets a handshake in when no handler is bound.
        let context = self.context
        zap = try curve.map { try ZAPHandler(context: context, allowedClients: $0.allowedClients, logger: logger) }
        publisher = try Publisher(
            context: context, endpoint: config.daemon.publish, highWaterMark: config.daemon.publishHighWaterMark,
            curve: curve)
        var workers: [StreamWorker] = []
        var byModel: [String: StreamWorker] = [:]
        for (stream, sessions, durable) in pipelines {
            let pipeline = try StreamPipeline(
                stream: stream, sessions: sessions, durable: durable, publisher: publisher, store: store, board: board,
                logger: logger, maxElements: max(1, config.daemon.maxMessageBytes / 4))
            let worker = try StreamWorker(
                stream: stream, pipeline: pipeline, context: context, daemon: config.daemon, curve: curve, logger: logger)
            workers.append(worker)
            for session in sessions { byModel[session.config.name] = worker }
        }
        self.workers = workers
        control = try ControlServer(
            context: context, endpoint: config.daemon.control, board: board, workers: byModel,
            instance: publisher.instance, curve: curve, logger: logger)
        logger.info(
            "blrd started",
            metadata: [
                "instance": "\(publisher.instance)", "publish": "\(config.daemon.publish)",
                "control": "\(config.daemon.control)", "state": "\(config.daemon.state)",
                "curve": "\(curve.map(\.description) ?? "off")",
                "streams": "\(config.streams.map(\.name).joined(separator: ","))",
                "models": "\(config.models.map(\.name).joined(separator: ","))",
            ])
    }

    /// The model's newest verified snapshot, or its prior (saved as version 1 when it has none).
    static func restore(_ model: ModelConfig, store: StateStore, logger: Logger) throws -> (ModelSession, Int) {
        do {
            _ = try store.registerModel(
                name: model.name, stream: model.stream, fingerprint: model.learner.shapeFingerprint,
                specJSON: model.json.jsonText)
        } catch let error as StoreError {
            throw StartupError("\(error)")
        }
        // Validation decodes the session; keep the one that passed instead of decoding it again.
        var restored: ModelSession?
        let (record, skipped) = try store.latestVerifiedSnapshot(model: model.name) {
            restored = try ModelSession(config: model, snapshot: SessionSnapshot(decoding: $0.state))
        }
        for s in skipped { logger.warning("damaged snapshot skipped", metadata: ["blrd.model": "\(model.name)", "why": "\(s)"]) }
        if let record, let session = restored {
            logger.info(
                "model restored",
                metadata: [
                    "blrd.model": "\(model.name)", "version": "\(record.version)",
                    "seq": "\(session.position.map(\.description) ?? "none")",
                ])
            return (session, record.version)
        }
        guard skipped.isEmpty else {
            throw StartupError(
                "every snapshot of model '\(model.name)' is damaged (\(skipped.map(\.description).joined(separator: "; "))): "
                    + "restore the state file from a backup, or run `blrctl prune --model \(model.name) --all` to start it from its prior")
        }
        var session = ModelSession(config: model)
        let snapshot = session.snapshot()
        let saved = try store.saveSnapshot(
            NewSnapshot(
                model: model.name, version: session.version, seq: nil, rule: model.rule,
                family: session.family, state: try snapshot.encoded(), reason: .initial))
        logger.info("model created at its prior", metadata: ["blrd.model": "\(model.name)", "version": "\(saved.version)"])
        return (session, saved.version)
    }

    /// The services in start order; a ServiceGroup stops them in reverse (systemd first, publisher last).
    public var services: [any Service] {
        [
            PublisherService(publisher: publisher),
            IngestService(workers: workers, store: store, timeout: .seconds(config.daemon.shutdownTimeout), logger: logger),
            ControlService(control: control),
            SystemdService(notifier: notifier, workers: workers, board: board, logger: logger),
        ]
    }

    /// Runs until SIGTERM/SIGINT, then shuts down gracefully: systemd STOPPING=1, control closed, ingest
    /// stopped after the batch in hand with final snapshots, publisher flushed.
    public func run() async throws {
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        zap?.stop()
        context.terminate()
        logger.info("blrd stopped")
    }
}
