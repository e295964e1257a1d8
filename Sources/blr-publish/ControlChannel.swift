import Decode
import ZeroMQ

/// The daemon's control socket as `blr-publish --control` uses it: `describe` to learn the stream's shape, position
/// and durable position, `snapshot` to ask for a durable copy at the end of a run.
///
/// One REQ socket per request with a receive timeout and linger 0, so a daemon that is down (restarting) costs
/// at most the timeout and never wedges the REQ state machine.
final class ControlChannel {
    let endpoint: String
    /// Seconds to wait for one reply.
    let timeout: Double
    private let context: Context
    /// The CURVE keys for a daemon that requires them.
    private let curve: CurveClientKeys?

    init(endpoint: String, timeout: Double, curve: CurveClientKeys? = nil) throws(PublishError) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.curve = curve
        do {
            context = try Context()
        } catch {
            throw PublishError("cannot create a ZeroMQ context for --control: \(error)")
        }
    }

    /// The reply object to `request`; nil when nothing answered within the timeout.
    ///
    /// - Throws: ``PublishError`` when the daemon answers with `{"error": …}` or with something not an object.
    func request(_ request: [String: JSONValue]) throws(PublishError) -> [String: JSONValue]? {
        let body: [UInt8]
        do {
            let socket = try Socket(context: context, type: .req)
            defer { socket.close() }
            let milliseconds = Int32(min(timeout * 1000, Double(Int32.max)).rounded(.up))
            try socket.set(.linger, Int32(0))
            try socket.set(.receiveTimeout, milliseconds)
            try socket.set(.sendTimeout, milliseconds)
            if let curve { try socket.makeCurveClient(curve) }
            try socket.connect(endpoint)
            try socket.send([JSONValue.object(request).serialized()])
            guard let frames = try socket.receive(), let last = frames.last else { return nil }
            body = last
        } catch let error as ZeroMQError where error.isAgain {
            return nil
        } catch {
            throw PublishError("--control \(endpoint): \(error)")
        }
        guard let reply = try? JSONValue.parse(body), let fields = reply.objectValue else {
            throw PublishError("--control \(endpoint) answered with something that is not a JSON object")
        }
        if let message = fields["error"] {
            let op = request["op"]?.stringValue ?? "?"
            throw PublishError("blrd refused \(op) at \(endpoint): \(message.stringValue ?? message.jsonText)")
        }
        return fields
    }

    /// The stream as the daemon describes it, or nil when the daemon did not answer in time.
    func describe(stream: String) throws(PublishError) -> StreamDescription? {
        guard let reply = try request(["op": "describe", "stream": .string(stream)]) else { return nil }
        return try StreamDescription(reply: reply, endpoint: endpoint)
    }

    /// Asks the daemon to write a snapshot of `model` now; true when it replied.
    func snapshot(model: String) throws(PublishError) -> Bool {
        try request(["op": "snapshot", "model": .string(model)]) != nil
    }

    func close() {
        context.terminate()
    }
}
