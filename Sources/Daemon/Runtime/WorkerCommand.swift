import Decode

/// A control request that must run on a stream's worker thread, between two batches, so it sees and leaves a
/// consistent state (docs/PROTOCOL.md §3). `reply` is called exactly once, on the worker thread.
enum WorkerCommand: Sendable {
    /// Write a snapshot now; reply with its version.
    case snapshot(model: String, reply: @Sendable (Result<Int, ControlFailure>) -> Void)
    /// The posterior becomes snapshot `version` (recorded as a new version); reply with the new version.
    case restore(model: String, version: Int, reply: @Sendable (Result<Int, ControlFailure>) -> Void)
    /// Back to the configured prior (a new version); reply with the new version.
    case reset(model: String, reply: @Sendable (Result<Int, ControlFailure>) -> Void)
    /// What taking remembered examples out would do (with `apply`: does it, as a new version); reply with the
    /// control reply's fields.
    case whatIf(
        model: String, request: WhatIfRequest, reply: @Sendable (Result<[String: JSONValue], ControlFailure>) -> Void)

    /// Answers the command with a failure (the worker could not run it).
    func fail(_ failure: ControlFailure) {
        switch self {
        case .snapshot(_, let reply), .restore(_, _, let reply), .reset(_, let reply): reply(.failure(failure))
        case .whatIf(_, _, let reply): reply(.failure(failure))
        }
    }
}

/// Why a control request failed, in words for the `{"error": …}` reply.
struct ControlFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
