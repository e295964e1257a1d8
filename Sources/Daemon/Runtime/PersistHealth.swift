import Decode
import Logging
import Persist

/// Whether a stream's writes (journal appends, snapshots) are succeeding, shared by the stream's thread and its
/// snapshot writer's. Every failure is loud — `alert/persist/<model>`, a log line, status — and after `limit`
/// consecutive ones the stream refuses messages until a write succeeds again (Redis's
/// `stop-writes-on-bgsave-error`): learning what cannot be recorded would acknowledge what a crash then loses.
final class PersistHealth: Sendable {
    private struct State {
        var consecutive = 0
        var lastError: String?
    }

    let stream: String
    let limit: Int
    private let state = Locked(State())
    private let publisher: Publisher
    private let store: StateStore
    private let board: StatusBoard
    private let logger: Logger

    init(stream: String, limit: Int, publisher: Publisher, store: StateStore, board: StatusBoard, logger: Logger) {
        self.stream = stream
        self.limit = limit
        self.publisher = publisher
        self.store = store
        self.board = board
        self.logger = logger
    }

    /// Consecutive failed writes; 0 after any success.
    var consecutiveFailures: Int { state.current.consecutive }
    /// The newest failure's message.
    var lastError: String? { state.current.lastError }
    /// False once `limit` writes in a row have failed.
    var accepting: Bool { state.current.consecutive < limit }

    /// A write committed: the stream accepts again.
    func succeeded() {
        let resumed = state.withLock { s -> Bool in
            defer { s.consecutive = 0 }
            return s.consecutive >= limit
        }
        if resumed {
            logger.notice("writes succeed again; the stream accepts messages", metadata: ["blrd.stream": "\(stream)"])
        }
        board.update(stream: stream) {
            $0.persistFailures = 0
            $0.accepting = true
        }
    }

    /// A write of `what` (`journal`, `snapshot`) for `models` failed with `error`.
    func failed(what: String, error: Error, models: [String], seq: UInt64?) {
        let message = "\(error)"
        let count = state.withLock { s -> Int in
            s.consecutive += 1
            s.lastError = "\(what): \(message)"
            return s.consecutive
        }
        let accepting = count < limit
        logger.error(
            "\(what) write failed",
            metadata: [
                "blrd.stream": "\(stream)", "error": "\(message)", "failures": "\(count)", "accepting": "\(accepting)",
            ])
        board.update(stream: stream) {
            $0.persistFailures = count
            $0.persistError = "\(what): \(message)"
            $0.accepting = accepting
        }
        for model in models {
            report(model: model, seq: seq, what: what, error: message, failures: count, accepting: accepting)
        }
    }

    /// `alert/persist/<model>` and, when the file takes it, its alert row.
    func report(model: String, seq: UInt64?, what: String, error: String, failures: Int, accepting: Bool) {
        publisher.publish {
            OutboundEncoder.persistAlert(
                model: model, stream: stream, seq: seq, what: what, error: error, failures: failures,
                accepting: accepting, pubseq: $0, instance: $1)
        }
        let payload = JSONValue.object([
            "stream": .string(stream), "what": .string(what), "error": .string(error), "failures": JSONValue(failures),
            "accepting": .bool(accepting),
        ])
        // Often fails too (a full disk): the published alert and the log line are what an operator sees then.
        _ = try? store.recordAlert(kind: .persist, subject: model, seq: seq, payloadJSON: payload.jsonText)
    }
}
