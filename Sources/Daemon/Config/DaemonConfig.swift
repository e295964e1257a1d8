import Inference
import Vocabulary

/// The daemon's configuration (docs/PROTOCOL.md §8), parsed and validated by `ConfigParser`.
public struct DaemonConfig: Sendable, Equatable {
    /// The `[daemon]` table.
    public struct Daemon: Sendable, Equatable {
        /// SQLite file (created and migrated on start).
        public var state = "var/blrd.sqlite"
        /// PUB socket the daemon binds: models, predictions, alerts.
        public var publish = "tcp://127.0.0.1:5556"
        /// ROUTER socket the daemon binds: status, predict, snapshot, restore, reset.
        public var control = "tcp://127.0.0.1:5557"
        /// swift-log level: trace, debug, info, notice, warning, error, critical.
        public var logLevel = "info"
        /// Rejected messages kept per stream in the dead-letter table.
        public var deadLetterLimit = 1000
        /// Largest ingest message accepted by libzmq (ZMQ_MAXMSGSIZE), bytes: set it near the largest batch, since
        /// the queues' lengths follow from it and `memoryLimit` (`MemoryBudget`).
        public var maxMessageBytes = 256 << 10
        /// Bytes that queued ingest and unsent publications may hold (`MemoryBudget`).
        public var memoryLimit = 1 << 30
        /// Slow subscribers whose unsent publications `memoryLimit` provides for.
        public var maxSubscribers = 2
        /// High-water marks: messages queued per socket before libzmq drops (PUB) or stops reading (SUB). Nil:
        /// derived from `memoryLimit` (`MemoryBudget`); set, they must fit it.
        public var receiveHighWaterMark: Int?
        public var publishHighWaterMark: Int?
        /// Seconds a graceful shutdown may take before the daemon gives up on the batch in hand.
        public var shutdownTimeout = 10.0
        /// Append every accepted message to the state file's journal before learning it (group commit), so a
        /// crash loses nothing the daemon acknowledged: a restart replays the journal after the snapshots.
        public var journal = true
        /// Whether each journal commit waits until it is on stable storage (survives power loss), or only until
        /// the OS has it (survives any crash of blrd; a power loss may lose the newest commits).
        public var journalFsync = true
        /// Consecutive failed writes (journal or snapshot) after which a stream refuses messages, code
        /// `persist_failed`, until a write succeeds again (Redis's stop-writes-on-bgsave-error).
        public var persistFailures = 3
        /// The largest forward jump of seq (within an epoch) or of epoch that is accepted; a larger one is
        /// rejected (`seq_jump_too_large`), so one stray message cannot wedge a stream behind a huge seq.
        public var maxSeqJump: UInt64 = 1_000_000_000
        /// CURVE on every socket, with the clients' keys checked by ZAP; nil (the default) = no CURVE.
        public var curve: CurveSettings?
        /// Whether the control socket may bind an endpoint reachable from other machines without CURVE.
        public var allowRemoteControl = false
        /// Where the HTTP endpoint (`/metrics`, `/healthz`, `/readyz`) listens; nil (the default) = no HTTP.
        public var http: HTTPAddress?
        /// Whether `http` may listen on an address other machines reach (it has no authentication).
        public var allowRemoteHTTP = false
        /// Seconds between `metrics/<model>` messages; 0 = none.
        public var metricsInterval = 10.0
        /// `max_model_bytes`: the most one model's state may hold in memory (`ModelSize`); a larger model is
        /// refused by the configuration check with the fix named.
        public var maxModelBytes = 256 << 20
        /// `keep_alerts`: recorded alerts kept (the newest); 0: no count limit.
        public var keepAlerts = 10_000
        /// `keep_alerts_for`, `keep_dead_letters_for`: seconds an alert or a dead letter is kept; nil: no age limit.
        public var keepAlertsFor: Double?
        public var keepDeadLettersFor: Double?

        public init() {}
    }

    public var daemon = Daemon()
    public var streams: [StreamConfig] = []
    public var models: [ModelConfig] = []

    public init() {}

    /// The models that learn from stream `name`, in configuration order.
    public func models(of name: String) -> [ModelConfig] { models.filter { $0.stream == name } }
}

/// One `[[stream]]`: where its messages come from and what they contain.
public struct StreamConfig: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case connect(String)
        case bind(String)

        public var address: String {
            switch self {
            case .connect(let a), .bind(let a): return a
            }
        }
    }

    public var name: String
    public var endpoint: Endpoint
    public var features: Int
    public var task: LearningTask
    /// Classes of a multiclass stream (2 for binary, nil otherwise).
    public var classes: Int?
    /// `coalesce`: most queued labelled messages learned as one batch (1: each alone; `StreamPipeline+Coalesce`).
    public var coalesce = 1
}

/// One `[[model]]`: which stream it learns and how.
public struct ModelConfig: Sendable, Equatable {
    public enum Forgetting: Sendable, Equatable {
        case none
        case fixed(Double)
        /// Driven by the drift detector.
        case adaptive
    }

    public var name: String
    public var stream: String
    /// `auto`, or the single rule's name.
    public var rule: String
    /// The learner at its prior: what the model starts from and a reset returns to.
    public var learner: Learner
    public var forgetting: Forgetting
    /// Batches between durable snapshots.
    public var snapshotEvery: Int
    /// Which examples are reported on `alert/sensitivity/<model>`.
    public var sensitivityMonitor: SensitivityMonitor
    /// `whatif_memory`: labelled examples remembered for a control `whatif` (0: none).
    public var whatifMemory: Int = 0
    /// Examples the monitor flags are predicted and reported but not learned (the batch is learned without them).
    public var quarantine = false
    /// `keep_snapshots`: the newest snapshots kept; older ones are pruned by the snapshot writer after each commit
    /// (the newest intact one is always kept). 0: keep every snapshot.
    public var keepSnapshots = 100
    /// `keep_for`: snapshots older than this many seconds are pruned after each commit, beside `keepSnapshots`
    /// (the newest intact one is always kept). Nil: no age limit.
    public var keepFor: Double?
    /// `publish_model_every`: learned batches per `model/` (the last batch of a drained group always gets one);
    /// nil: one per 16 examples — every batch at B ≥ 16, one in 16 at B = 1 (`ModelCadence`).
    public var publishModelEvery: Int? = nil

    public var features: Int { learner.features }
}
