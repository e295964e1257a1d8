import Decode
import Foundation
import ZeroMQ

/// A client of the daemon's control socket (docs/PROTOCOL.md §3): one REQ socket per request, a receive timeout and
/// linger 0, so a daemon that is down costs at most the timeout and never blocks the exit. With `curve`, the
/// socket is a CURVE client (ZeroMQ RFC 26) of a daemon that checks its key through ZAP (RFC 27): a key the
/// daemon does not allow gets no reply, like a daemon that is down.
struct ControlClient {
    let endpoint: String
    /// Seconds to wait for the reply.
    let timeout: Double
    /// The daemon's public key and this client's pair; nil for a daemon without CURVE.
    var curve: CurveClientKeys? = nil

    /// The reply to `request`, or nil when nothing answers within the timeout.
    func send(_ request: [String: JSONValue]) throws -> JSONValue? {
        let context = try Context()
        defer { context.terminate() }
        let socket = try Socket(context: context, type: .req)
        defer { socket.close() }
        try socket.set(.linger, Int32(0))
        try socket.set(.receiveTimeout, Int32(min(timeout * 1000, Double(Int32.max)).rounded(.up)))
        try socket.set(.sendTimeout, Int32(min(timeout * 1000, Double(Int32.max)).rounded(.up)))
        if let curve { try socket.makeCurveClient(curve) }
        try socket.connect(endpoint)
        do {
            try socket.send([JSONValue.object(request).serialized()])
        } catch let error as ZeroMQError where error.isAgain {
            return nil
        }
        guard let frames = try socket.receive(), let body = frames.last else { return nil }
        do {
            return try JSONValue.parse(body)
        } catch {
            throw CtlError("the daemon at \(endpoint) sent a reply that is not JSON (\(error))")
        }
    }

    /// The reply object to `request`; throws when nothing answers (`unreachable` says why that matters) or the
    /// daemon replies with `{"error": …}`.
    func call(_ request: [String: JSONValue], unreachable: String) throws -> [String: JSONValue] {
        guard let reply = try send(request) else {
            throw CtlError(
                "blrd is not answering on \(endpoint) (no reply within \(Format.number(timeout)) s): \(unreachable). "
                    + "Start it (blrd --config PATH), or point blrctl at it with --config or --control"
                    + (curve == nil
                        ? "; a daemon with CURVE needs --curve-server-key and --curve-secret-key."
                        : "; with CURVE, check that this client's public key is in the daemon's curve_allowed_clients.")
            )
        }
        guard let fields = reply.objectValue else {
            throw CtlError("the daemon at \(endpoint) replied with \(reply.typeName), not a JSON object")
        }
        if let message = fields["error"] {
            throw CtlError("blrd refused: \(message.stringValue ?? message.jsonText)")
        }
        return fields
    }
}
