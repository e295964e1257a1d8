import Decode
import Foundation
import Inference
import Logging
import Persist

/// The per-message work of one stream (docs/PROTOCOL.md §1–2): decode and validate, then for every model of the
/// stream predict → publish `pred/` → learn with the posterior as prior → snapshot when due → publish `model/`.
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
    /// `[daemon] max_seq_jump`.
    let maxSeqJump: UInt64
    /// Failed writes of this stream's state, and whether it still accepts messages (`[daemon] persist_failures`).
    let health: PersistHealth
    /// The newest position whose journal entry has committed.
    let journaled = Locked<BatchPosition?>(nil)
    /// True while the journal is replayed at start: nothing is published or recorded again.
    var replaying = false
    /// The stream's journal writer (`[daemon] journal`, `journal_fsync`); nil with `journal = false`.
    let journal: JournalWriter?
    /// While a journaled group is learned: its publications, in order, sent once the group is on disk.
    var held: [Publication]?
    /// While a group that is not journaled is learned: its publications, in order, sent with one hand-off at
    /// its end.
    var outbox: [Publication]?
    /// Per session: examples and batches learned since its last `model/`, and whether its board entry is behind.
    var sinceModel: [ModelCadence]
    /// Per session: the `layout` of `model/` by leading member (`layout(_:)`).
    var layouts: [[Int: JSONValue]]
    /// The first batch refused because the state could not be written, until it is sent again.
    var resendFrom: BatchPosition?
    /// While a journaled group is learned: the sessions whose snapshot fell due, taken once it is on disk.
    var dueSnapshots: Set<Int> = []
    /// Per session: updates and alerts since start, copied to the board with the session.
    var counters: [ModelCounters]

    init(
        stream: StreamConfig, sessions: [ModelSession], durable: [(BatchPosition?, Int?)], publisher: Publisher,
        store: StateStore, board: StatusBoard, logger: Logger, daemon: DaemonConfig.Daemon
    ) throws {
        self.stream = stream
        spec = try StreamSpec(
            name: stream.name, features: stream.features,
            task: stream.task, classes: stream.classes)
        self.sessions = sessions
        self.durable = Locked(durable.map { Durable(position: $0.0, version: $0.1) })
        requested = durable.map(\.1)
        counters = Array(repeating: ModelCounters(), count: sessions.count)
        sinceModel = sessions.map { ModelCadence(every: $0.config.publishModelEvery) }
        layouts = Array(repeating: [:], count: sessions.count)
        writer = SnapshotWriter(store: store, name: stream.name)
        self.publisher = publisher
        self.store = store
        self.board = board
        self.logger = logger
        self.logger[metadataKey: "blrd.stream"] = "\(stream.name)"
        maxElements = max(1, daemon.maxMessageBytes / 4)
        journal = daemon.journal ? JournalWriter(store: store, fsync: daemon.journalFsync, name: stream.name) : nil
        maxSeqJump = daemon.maxSeqJump
        health = PersistHealth(
            stream: stream.name, limit: daemon.persistFailures, publisher: publisher, store: store, board: board,
            logger: logger)
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

    /// The newest stream position a restart restores (the publisher resends from the one after it): the
    /// journal's, or the position every model's snapshot has.
    var streamDurable: BatchPosition? { Durable.newer(journaled.current, Durable.stream(durable.current)) }

    /// The newest position of session i that a restart restores.
    func durablePosition(_ i: Int) -> BatchPosition? { Durable.newer(journaled.current, durable.current[i].position) }

    /// Whether the stream takes messages: false after `failureLimit` consecutive failed writes.
    var accepting: Bool { health.accepting }
}
