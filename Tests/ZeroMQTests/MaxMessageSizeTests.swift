import Testing
import ZeroMQ

@Suite("ZMQ_MAXMSGSIZE")
struct MaxMessageSizeTests {
    @Test("an over-large message is never delivered: its connection is dropped, and the receiver stays usable")
    func overLargeMessageDropsConnection() async throws {
        let outcome = try await onThread {
            let context = try Context()
            let pull = try Socket(context: context, type: .pull)
            try pull.set(.maxMessageSize, 1024)
            try pull.bind("tcp://127.0.0.1:*")
            let endpoint = try pull.lastEndpoint
            let events = try pull.monitored([.accepted, .disconnected])

            let offender = try Socket(context: context, type: .push)
            try offender.connect(endpoint)
            try offender.send([bytes("fits")])
            let first = try pull.receive(timeout: 1000)  // the connection is up and delivering
            try offender.send([bytes("header"), pattern(4096)])  // 6 + 4096 bytes > 1024 in total

            // Wait for the receiver to drop that connection (skipping the accept of the first connection).
            var event = try events.nextEvent(timeout: 1000)
            while let current = event, current.kind == .accepted { event = try events.nextEvent(timeout: 1000) }

            let wellBehaved = try Socket(context: context, type: .push)
            try wellBehaved.connect(endpoint)
            try wellBehaved.send([bytes("small"), pattern(1000)])
            let next = try pull.receive(timeout: 1000)
            let nothingElse = try pull.receive(dontWait: true)
            return (first, event?.kind, next, nothingElse)
        }
        #expect(outcome.0 == [bytes("fits")])
        #expect(outcome.1 == .disconnected)
        #expect(outcome.2 == [bytes("small"), pattern(1000)])
        #expect(outcome.3 == nil)
    }
}
