import Testing
import ZeroMQ

@Suite("CURVE encryption and authentication")
struct CurveTests {
    @Test("generated key pairs are 40-character Z85, distinct, consistent, and never print the secret")
    func keyPairs() throws {
        let first = try CurveKeyPair.generate()
        let second = try CurveKeyPair.generate()
        #expect(first.publicKey.count == 40)
        #expect(first.secretKey.count == 40)
        #expect(first != second)
        #expect(try CurveKeyPair.publicKey(forSecretKey: first.secretKey) == first.publicKey)
        #expect(!"\(first)".contains(first.secretKey))
        #expect(throws: ZeroMQError.self) { try CurveKeyPair.publicKey(forSecretKey: "too short") }
    }

    @Test("a client that knows the server's key delivers over tcp")
    func rightServerKey() async throws {
        let received = try await onThread {
            let context = try Context()
            let server = try CurveKeyPair.generate()
            let pull = try Socket(context: context, type: .pull)
            try pull.makeCurveServer(keys: server)
            try pull.bind("tcp://127.0.0.1:*")
            let push = try Socket(context: context, type: .push)
            try push.makeCurveClient(serverKey: server.publicKey, keys: try CurveKeyPair.generate())
            try push.connect(try pull.lastEndpoint)
            try push.send([bytes("secret"), pattern(4096)])
            return try pull.receive(timeout: 1000)
        }
        #expect(received == [bytes("secret"), pattern(4096)])
    }

    @Test("a client with the wrong server key fails the handshake and delivers nothing")
    func wrongServerKey() async throws {
        let outcome = try await onThread {
            let context = try Context()
            let server = try CurveKeyPair.generate()
            let pull = try Socket(context: context, type: .pull)
            try pull.makeCurveServer(keys: server)
            try pull.bind("tcp://127.0.0.1:*")
            let events = try pull.monitored(.handshakeFailed.union(.handshakeSucceeded))
            let push = try Socket(context: context, type: .push)
            let impostor = try CurveKeyPair.generate()
            try push.makeCurveClient(serverKey: impostor.publicKey, keys: try CurveKeyPair.generate())
            try push.connect(try pull.lastEndpoint)
            try push.send([bytes("secret")])
            let event = try events.nextEvent(timeout: 1000)
            return (event?.kind, try pull.receive(timeout: 200))
        }
        #expect(outcome.0.map { SocketEvent.Kind.handshakeFailed.contains($0) } == true)
        #expect(outcome.1 == nil)
    }
}
