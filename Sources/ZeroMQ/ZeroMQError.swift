import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed libzmq call: the `errno` it left, libzmq's message for it, and what was being attempted.
///
/// Every throwing API of this module throws this type. The `operation` names the call and its argument
/// (`"bind tcp://127.0.0.1:5556"`, `"setsockopt ZMQ_SNDHWM"`), so a log line needs no further context.
/// Three conditions have their own predicates because callers branch on them:
/// - ``isAgain``: `EAGAIN` — nothing to receive, or a non-blocking send would block (HWM, no peer);
/// - ``isTerminated``: `ETERM` — the socket's ``Context`` was shut down or terminated: close the socket;
/// - ``isInterrupted``: `EINTR` — a signal interrupted a blocking call (this module retries those itself).
public struct ZeroMQError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The `errno` value (POSIX, or libzmq's own such as `ETERM` and `EFSM`).
    public let errno: Int32
    /// libzmq's description of ``errno`` (`zmq_strerror`).
    public let message: String
    /// What was attempted, e.g. `"bind tcp://127.0.0.1:5556"`.
    public let operation: String

    /// Creates an error for `errno`, with libzmq's message for it.
    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.message = String(cString: zmq_strerror(errno))
        self.operation = operation
    }

    /// The error libzmq reported for the call that just failed on this thread (`zmq_errno()`).
    ///
    /// The operation is an autoclosure so a hot path builds no string unless it fails.
    static func last(_ operation: @autoclosure () -> String) -> ZeroMQError {
        ZeroMQError(errno: zmq_errno(), operation: operation())
    }

    /// `EAGAIN`: no message was ready, or a non-blocking send could not be queued.
    public var isAgain: Bool { errno == EAGAIN }

    /// `ETERM`: the socket's context was shut down or terminated; the socket should be closed.
    public var isTerminated: Bool { errno == ETERM }

    /// `EINTR`: a signal interrupted a blocking call.
    public var isInterrupted: Bool { errno == EINTR }

    /// `"bind tcp://127.0.0.1:5556: Address already in use (errno 98)"`.
    public var description: String {
        "\(operation): \(message) (errno \(errno))"
    }
}
