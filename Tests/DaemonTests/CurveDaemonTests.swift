import Decode
import Foundation
import Inference
import Testing
import ZeroMQ

/// CURVE (ZeroMQ RFC 26) with ZAP (RFC 27) on a real blrd: on ingest, publish and control, a client whose key
/// is in `curve_allowed_clients` is served and any other gets nothing. The harness's own sockets are the allowed
/// client (its connect-mode streams show a SUB that *connects* serving CURVE); a stranger with a fresh key pair,
/// who knows the daemon's public key, plays the intruder and waits for its handshake to fail before checking
/// that nothing passed.
@Suite(.serialized) struct CurveDaemonTests {
    static let models = """
        [[model]]
        name = "lin"
        stream = "s"
        likelihood = "gaussian"
        rule = "conjugate"
        noise_variance = 0.25

        [[model]]
        name = "guarded"
        stream = "g"
        likelihood = "gaussian"
        rule = "conjugate"
        noise_variance = 0.25

        """

    static func batch(_ stream: String, _ seq: UInt64) throws -> [[UInt8]] {
        let data = Reference.linearGaussian(n: 10, d: 2, noise: 0.25, seed: seq)
        return IngestEncoder.binary(
            stream: stream, seq: seq, batch: try Batch(x: data.x, y: data.y, features: 2), integerLabels: false)
    }

    /// A free loopback tcp endpoint (bound once and released) for the stream the daemon binds.
    static func freeEndpoint(_ context: Context) throws -> String {
        let socket = try Socket(context: context, type: .pub)
        defer { socket.close() }
        try socket.bind("tcp://127.0.0.1:*")
        return try socket.lastEndpoint
    }

    /// A daemon with CURVE: stream "s" it connects to (ipc, the harness's XPUB) and stream "g" it binds (tcp).
    static func start() throws -> (DaemonHarness, DaemonHarness.Curve, guarded: String) {
        let curve = try DaemonHarness.Curve.generate()
        let scratch = try Context()
        let guarded = try freeEndpoint(scratch)
        scratch.terminate()
        let h = try DaemonHarness(
            streams: [("s", 2, "regression")], models: models, external: [("g", 2, "regression", "bind:" + guarded)],
            curve: curve)
        try h.start()
        try h.synchronize()
        return (h, curve, guarded)
    }

    /// A socket with a fresh key pair that the daemon does not know, watching for its handshake's end.
    static func stranger(_ h: DaemonHarness, _ type: SocketType, _ curve: DaemonHarness.Curve) throws -> (
        Socket, Socket
    ) {
        let socket = try Socket(context: h.context, type: type)
        try socket.set(.linger, 0)
        try socket.makeCurveClient(
            CurveClientKeys(serverKey: curve.server.publicKey, keys: try CurveKeyPair.generate()))
        let endpoint = "inproc://monitor-\(UUID().uuidString)"
        try socket.monitor(endpoint, events: SocketEvent.Kind.handshakeFailed.union(.handshakeSucceeded))
        let events = try Socket(context: h.context, type: .pair)
        try events.set(.linger, 0)
        try events.set(.receiveTimeout, 5000)
        try events.connect(endpoint)
        return (socket, events)
    }

    /// The stranger's first handshake outcome: true when the daemon refused it.
    static func refused(_ events: Socket) throws -> Bool {
        guard let event = try events.receive().flatMap(SocketEvent.init(frames:)) else { return false }
        return SocketEvent.Kind.handshakeFailed.contains(event.kind)
    }

    @Test func ingestLearnsFromAnAllowedPublisherOnlyEvenWhenTheDaemonBinds() async throws {
        try await offThePool {
            let (h, curve, guarded) = try Self.start()
            // The intruder connects to the stream the daemon binds and sends a batch anyway.
            let (intruder, intruderEvents) = try Self.stranger(h, .xpub, curve)
            try intruder.connect(guarded)
            #expect(try Self.refused(intruderEvents))
            try intruder.send(try Self.batch("g", 50), dontWait: true)
            // The allowed publisher connects to the same endpoint and is subscribed to, then served.
            let allowed = try Socket(context: h.context, type: .xpub)
            try allowed.set(.linger, 0)
            try allowed.set(.receiveTimeout, 10_000)
            try allowed.makeCurveClient(try #require(h.curveClient))
            try allowed.connect(guarded)
            #expect(try allowed.receive()?.first?.first == 1)
            for seq: UInt64 in 0..<3 { try allowed.send(try Self.batch("g", seq)) }
            _ = try h.receive { $0.topic == "model/guarded" && $0.header["seq"]?.exactUInt64 == 2 }
            let status = try h.control(["op": "status"])
            #expect(status["streams"]?["g"]?["batches"]?.exactUInt64 == 3)
            #expect(status["streams"]?["g"]?["last_seq"]?.exactUInt64 == 2)
            #expect(status["streams"]?["g"]?["rejected"]?.exactUInt64 == 0)
            // The connect-mode stream (the daemon's SUB connects, still the CURVE server) learns too.
            try h.send("s", try Self.batch("s", 0))
            _ = try h.receive { $0.topic == "model/lin" && $0.header["seq"]?.exactUInt64 == 0 }
            intruder.close()
            allowed.close()
            #expect(try h.terminate() == 0)
            let log = h.stderrText()
            #expect(log.contains("CURVE client refused") && log.contains("ingest/g"))
        }
    }

    @Test func publishReachesAnAllowedSubscriberOnly() async throws {
        try await offThePool {
            let (h, curve, _) = try Self.start()
            let (intruder, intruderEvents) = try Self.stranger(h, .sub, curve)
            try intruder.subscribe("")
            try intruder.connect(h.publishEndpoint)
            #expect(try Self.refused(intruderEvents))
            try h.send("s", try Self.batch("s", 0))
            let seen = try h.receive { $0.topic == "model/lin" }
            #expect(seen.contains { $0.topic == "pred/lin" })
            try intruder.set(.receiveTimeout, 500)
            #expect(try intruder.receive() == nil)
            intruder.close()
            #expect(try h.terminate() == 0)
        }
    }

    @Test func controlAnswersAnAllowedClientOnly() async throws {
        try await offThePool {
            let (h, curve, _) = try Self.start()
            #expect(try h.control(["op": "status"])["instance"]?.stringValue?.isEmpty == false)
            let (intruder, intruderEvents) = try Self.stranger(h, .req, curve)
            try intruder.set(.receiveTimeout, 1000)
            try intruder.connect(h.controlEndpoint)
            try intruder.send([JSONValue.object(["op": "status"]).serialized()], dontWait: true)
            #expect(try Self.refused(intruderEvents))
            #expect(try intruder.receive() == nil)
            intruder.close()
            // A client without CURVE at all fails its handshake too.
            let plain = try Socket(context: h.context, type: .req)
            try plain.set(.linger, 0)
            try plain.set(.receiveTimeout, 500)
            try plain.connect(h.controlEndpoint)
            try plain.send([JSONValue.object(["op": "status"]).serialized()], dontWait: true)
            #expect(try plain.receive() == nil)
            plain.close()
            #expect(try h.control(["op": "status"])["streams"]?["s"] != nil)
            #expect(try h.terminate() == 0)
        }
    }
}
