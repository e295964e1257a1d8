extension SocketLoop {
    /// One multipart message a loop socket received: which socket (its index in the array the setup
    /// closure returned) and the frames.
    public struct Received: Sendable, Equatable {
        /// The index of the receiving socket in the setup closure's array.
        public let socketIndex: Int
        /// The message's frames, at least one.
        public let frames: [[UInt8]]

        public init(socketIndex: Int, frames: [[UInt8]]) {
            self.socketIndex = socketIndex
            self.frames = frames
        }
    }

    /// Counters of a loop's work since it started; read with ``SocketLoop/statistics``.
    ///
    /// The loop thread publishes them once per wake-up, after handling what woke it, so a reader may see
    /// the counts of the previous wake-up until the next one.
    public struct Statistics: Sendable, Equatable {
        /// Messages received and yielded into ``SocketLoop/messages``.
        public var receivedMessages = 0
        /// Batches yielded (each holds one or more messages).
        public var receivedBatches = 0
        /// Batches the stream's buffering policy discarded (only with a bounded policy).
        public var droppedBatches = 0
        /// Messages libzmq accepted for sending.
        public var sentMessages = 0
        /// Messages that were not sent: libzmq refused them without blocking (`EAGAIN`: no peer or at the
        /// high-water mark on PUSH/DEALER/REQ; `EHOSTUNREACH` on a mandatory ROUTER; `EFSM` out of turn), or
        /// the loop stopped before sending them.
        public var failedSends = 0
        /// The error of the most recent failed send.
        public var lastSendError: ZeroMQError?
        /// The most recent error other than `EAGAIN` from receiving or polling; `ETERM` if the context's
        /// shutdown ended the loop.
        public var lastError: ZeroMQError?

        public init() {}

        /// Whether nothing was counted.
        var isEmpty: Bool { self == Statistics() }

        /// Adds `other`'s counts to these and takes its errors where it has any.
        mutating func accumulate(_ other: Statistics) {
            receivedMessages += other.receivedMessages
            receivedBatches += other.receivedBatches
            droppedBatches += other.droppedBatches
            sentMessages += other.sentMessages
            failedSends += other.failedSends
            lastSendError = other.lastSendError ?? lastSendError
            lastError = other.lastError ?? lastError
        }
    }

    /// Thrown by ``SocketLoop/run(_:)`` when the loop has stopped, or stops before running the closure.
    public struct StoppedError: Error, CustomStringConvertible {
        public var description: String { "the SocketLoop has stopped" }
    }
}
