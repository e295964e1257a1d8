import Decode
import Foundation
import Logging
import Persist
import ServiceLifecycle
import ZeroMQ

/// A running daemon: the store, every model restored, and the sockets bound — in that order (docs/PROTOCOL.md §4: it
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

    /// The HTTP endpoint when it was started before the runtime (`DaemonLauncher`); nil: `services` makes it.
    let runningHTTP: RunningService?

    /// `initialise`: an existing, empty state file may become a new database (`blrd --init`).
    public convenience init(
        config: DaemonConfig, environment: [String: String], logger: Logger, initialise: Bool = false
    ) throws {
        try self.init(
            config: config, environment: environment, logger: logger, initialise: initialise, board: StatusBoard(),
            runningHTTP: nil)
    }

    /// - Parameters board: the status board, shared with an HTTP endpoint already running (`runningHTTP`).
    init(
        config: DaemonConfig, environment: [String: String], logger: Logger, initialise: Bool, board: StatusBoard,
        runningHTTP: RunningService?
    ) throws {
        self.config = config
        self.logger = logger
        self.runningHTTP = runningHTTP
        // The key files first: a bad one is a configuration error (exit 78) before anything is opened.
        let curve = try config.daemon.curve?.load()
        notifier = SystemdNotifier(environment: environment)
        self.board = board
        var options = StateStore.Options()
        options.deadLettersPerStream = config.daemon.deadLetterLimit
        options.alertsKept = config.daemon.keepAlerts
        options.allowEmptyFile = initialise
        do {
            store = try StateStore(path: config.daemon.state, options: options)
        } catch let error as StoreError {
            throw StartupError("\(error)")
        }
        var pipelines: [(StreamConfig, [ModelSession], [(BatchPosition?, Int?)])] = []
        var skipped: [(model: String, stream: String, notes: [String])] = []
        for stream in config.streams {
            var sessions: [ModelSession] = []
            var durable: [(BatchPosition?, Int?)] = []
            for model in config.models(of: stream.name) {
                let restored = try Self.restore(model, store: store, logger: logger)
                sessions.append(restored.session)
                durable.append((restored.session.position, restored.version))
                if !restored.skipped.isEmpty { skipped.append((model.name, stream.name, restored.skipped)) }
            }
            pipelines.append((stream, sessions, durable))
        }
        let budget: MemoryBudget
        switch MemoryBudget.of(config) {
        case .success(let b): budget = b
        case .failure(let error): throw StartupError("[daemon] \(error.key): \(error.message)")
        }
        context = try Context()
        // Before any CURVE socket exists: libzmq lets a handshake in when no handler is bound.
        let context = self.context
        zap = try curve.map { try ZAPHandler(context: context, allowedClients: $0.allowedClients, logger: logger) }
        publisher = try Publisher(
            context: context, endpoint: config.daemon.publish, highWaterMark: budget.publishHighWaterMark,
            curve: curve)
        var workers: [StreamWorker] = []
        var byModel: [String: StreamWorker] = [:]
        for (stream, sessions, durable) in pipelines {
            let pipeline = try StreamPipeline(
                stream: stream, sessions: sessions, durable: durable, publisher: publisher, store: store, board: board,
                logger: logger, daemon: config.daemon)
            for s in skipped where s.stream == stream.name {
                pipeline.health.report(
                    model: s.model, seq: nil, what: "restore",
                    error: "damaged snapshots skipped: \(s.notes.joined(separator: "; "))",
                    failures: 0, accepting: true)
            }
            let replayed = try pipeline.replayJournal()
            if replayed > 0 {
                logger.info("journal replayed", metadata: ["blrd.stream": "\(stream.name)", "batches": "\(replayed)"])
            }
            let worker = try StreamWorker(
                stream: stream, pipeline: pipeline, context: context, daemon: config.daemon, budget: budget,
                curve: curve,
                failPoll: environment["BLRD_INJECT_FAULT"] == "stream-poll:\(stream.name)", logger: logger)
            workers.append(worker)
            for session in sessions { byModel[session.config.name] = worker }
        }
        self.workers = workers
        control = try ControlServer(
            context: context, endpoint: config.daemon.control, board: board, streams: config.streams, workers: byModel,
            instance: publisher.instance, curve: curve, logger: logger)
        logger.info(
            "blrd started",
            metadata: [
                "instance": "\(publisher.instance)", "publish": "\(config.daemon.publish)",
                "control": "\(config.daemon.control)", "state": "\(config.daemon.state)",
                "curve": "\(curve.map(\.description) ?? "off")",
                "streams": "\(config.streams.map(\.name).joined(separator: ","))",
                "models": "\(config.models.map(\.name).joined(separator: ","))",
                "memory":
                    "receive_hwm \(budget.receiveHighWaterMark), publish_hwm \(budget.publishHighWaterMark), largest publication \(MemoryBudget.bytes(budget.largestPublication))",
            ])
    }

    /// The model's newest verified snapshot, or its prior (saved as version 1 when it has none), with the
    /// damaged snapshots skipped on the way. After skipping, the posterior is saved again at once as a version
    /// above every stored one, damaged ones included, so later snapshots are never refused as "not above the
    /// newest" and the next start does not fall back again.
    static func restore(_ model: ModelConfig, store: StateStore, logger: Logger) throws -> (
        session: ModelSession, version: Int, skipped: [String]
    ) {
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
            restored = try ModelSession(
                config: model, snapshot: SessionSnapshot(decoding: $0.state),
                remembered: try store.rememberedExamples(model: model.name))
        }
        for s in skipped {
            logger.warning("damaged snapshot skipped", metadata: ["blrd.model": "\(model.name)", "why": "\(s)"])
        }
        let notes = skipped.map(\.description)
        if let record, var session = restored {
            var version = record.version
            if let newest = skipped.map(\.version).max(), newest > version {
                session.renumber(above: newest)
                let snapshot = session.snapshot()
                let position = session.position
                version = try store.saveSnapshot(
                    NewSnapshot(
                        model: model.name, version: session.version, epoch: position?.epoch ?? 0, seq: position?.seq,
                        rule: model.rule, family: session.family, state: try snapshot.encoded(),
                        metricsJSON: ControlJSON.metrics(session.metricsSummary.mapValues { Optional($0) }).jsonText,
                        reason: .restore)
                ).version
            }
            logger.info(
                "model restored",
                metadata: [
                    "blrd.model": "\(model.name)", "version": "\(version)", "from": "\(record.version)",
                    "seq": "\(session.position.map(\.description) ?? "none")",
                ])
            return (session, version, notes)
        }
        guard skipped.isEmpty else {
            throw StartupError(
                "every snapshot of model '\(model.name)' is damaged (\(notes.joined(separator: "; "))): "
                    + "restore the state file from a backup, or run `blrctl prune --model \(model.name) --all` to start it from its prior"
            )
        }
        var session = ModelSession(config: model)
        let snapshot = session.snapshot()
        let saved = try store.saveSnapshot(
            NewSnapshot(
                model: model.name, version: session.version, seq: nil, rule: model.rule,
                family: session.family, state: try snapshot.encoded(), reason: .initial))
        logger.info(
            "model created at its prior", metadata: ["blrd.model": "\(model.name)", "version": "\(saved.version)"])
        return (session, saved.version, [])
    }

    /// The services in start order; a ServiceGroup stops them in reverse (systemd first, publisher last).
    public var services: [any Service] {
        var services: [any Service] = [
            PublisherService(publisher: publisher),
            IngestService(
                workers: workers, store: store, timeout: .seconds(config.daemon.shutdownTimeout), logger: logger),
            ControlService(control: control),
        ]
        if let runningHTTP {
            services.append(runningHTTP)
        } else if let http = config.daemon.http {
            services.append(
                HTTPService(
                    address: http, exporter: MetricsExporter(board: board), readiness: readiness, logger: logger))
        }
        if config.daemon.metricsInterval > 0 {
            services.append(
                MetricsTopicService(
                    interval: .seconds(config.daemon.metricsInterval), board: board, publisher: publisher))
        }
        if config.daemon.keepAlertsFor != nil || config.daemon.keepDeadLettersFor != nil {
            services.append(
                RetentionService(
                    store: store, alertsFor: config.daemon.keepAlertsFor,
                    deadLettersFor: config.daemon.keepDeadLettersFor, logger: logger))
        }
        services.append(SystemdService(notifier: notifier, workers: workers, board: board, logger: logger))
        return services
    }

    /// Whether every configured model is on the status board and every stream subscribed (`/readyz`).
    @Sendable func readiness() -> Readiness { Readiness(config: config, board: board) }

    /// Runs until SIGTERM/SIGINT, then shuts down gracefully: systemd STOPPING=1, control closed, ingest
    /// stopped after the batch in hand with final snapshots, publisher flushed. A failed stream thread ends the
    /// ingest service with its error: the group shuts down the same way, and `run()` throws it.
    public func run() async throws {
        let configurations = services.map { service in
            ServiceGroupConfiguration.ServiceConfiguration(
                service: service,
                failureTerminationBehavior: service is IngestService ? .gracefullyShutdownGroup : .cancelGroup)
        }
        let group = ServiceGroup(
            configuration: .init(
                services: configurations, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        zap?.stop()
        context.terminate()
        logger.info("blrd stopped")
    }
}
