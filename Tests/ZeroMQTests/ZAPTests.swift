import Testing
import ZeroMQ

/// ZAP (ZeroMQ RFC 27) in front of CURVE (RFC 26) over tcp: the handler sees each client's public key and
/// address, and a client it refuses delivers nothing.
@Suite("ZAP authentication of CURVE clients")
struct ZAPTests {
    /// A CURVE server PULL with `domain` and a ZAP REP in one context; a client with `client` keys sends one
    /// message; the handler answers `status`. Returns the request it saw and what the PULL received.
    static func handshake(answer status: ZAPRequest.Status) throws -> (ZAPRequest?, String, [[UInt8]]?) {
        let context = try Context()
        let zap = try Socket(context: context, type: .rep)
        try zap.bind(ZAPRequest.endpoint)
        let server = try CurveKeyPair.generate()
        let client = try CurveKeyPair.generate()
        let pull = try Socket(context: context, type: .pull)
        try pull.set(.zapDomain, "ingest/sea")
        try pull.makeCurveServer(keys: server)
        try pull.bind("tcp://127.0.0.1:*")
        let push = try Socket(context: context, type: .push)
        try push.makeCurveClient(CurveClientKeys(serverKey: server.publicKey, keys: client))
        try push.connect(try pull.lastEndpoint)
        try push.send([bytes("hello")])
        let request = try zap.receive(timeout: 2000).flatMap(ZAPRequest.init(frames:))
        if let request { try zap.send(request.reply(status, text: status == .success ? "OK" : "unknown key")) }
        return (request, client.publicKey, try pull.receive(timeout: status == .success ? 2000 : 300))
    }

    @Test("a known key is asked about with its address and served")
    func served() async throws {
        let (request, clientKey, received) = try await onThread { try Self.handshake(answer: .success) }
        #expect(request?.mechanism == "CURVE")
        #expect(request?.curvePublicKey == clientKey)
        #expect(request?.domain == "ingest/sea")
        #expect(request?.address == "127.0.0.1")
        #expect(received == [bytes("hello")])
    }

    @Test("a refused key delivers nothing")
    func refused() async throws {
        let (request, _, received) = try await onThread { try Self.handshake(answer: .failure) }
        #expect(request != nil)
        #expect(received == nil)
    }

    @Test("a reply has the six frames of RFC 27 and echoes the request id")
    func replyFrames() throws {
        let frames: [[UInt8]] = [bytes("1.0"), bytes("7"), [], bytes("10.0.0.2"), [], bytes("CURVE"), pattern(32)]
        let request = try #require(ZAPRequest(frames: frames))
        #expect(request.curvePublicKey == Z85.encode(pattern(32)))
        #expect(request.reply(.failure, text: "no") == [bytes("1.0"), bytes("7"), bytes("400"), bytes("no"), [], []])
        #expect(ZAPRequest(frames: [bytes("2.0")] + frames.dropFirst()) == nil)
        #expect(ZAPRequest(frames: Array(frames.prefix(5))) == nil)
    }
}
