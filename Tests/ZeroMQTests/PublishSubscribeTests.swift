import Testing
import ZeroMQ

/// PUB/SUB loses whatever is published before the subscription reaches the publisher (the slow joiner), so
/// every test here first waits for the subscription to arrive: an XPUB receives it as a message.
@Suite("PUB/SUB: subscriptions, prefix filtering and multipart delivery")
struct PublishSubscribeTests {
    @Test("an XPUB receives a SUB's subscription as [1] + topic, and its unsubscription as [0] + topic")
    func xpubSeesSubscriptions() async throws {
        let messages = try await onThread {
            let context = try Context()
            let xpub = try Socket(context: context, type: .xpub)
            try xpub.bind("tcp://127.0.0.1:*")
            let sub = try Socket(context: context, type: .sub)
            try sub.connect(try xpub.lastEndpoint)
            try sub.subscribe("sea")
            let subscribed = try xpub.receive(timeout: 1000)
            try sub.unsubscribe("sea")
            let unsubscribed = try xpub.receive(timeout: 1000)
            return [subscribed, unsubscribed]
        }
        #expect(messages[0] == [[1] + bytes("sea")])
        #expect(messages[1] == [[0] + bytes("sea")])
    }

    @Test("XPUB → SUB round-trips a multipart message with empty and 1 MB frames, once subscribed")
    func multipartAfterSubscription() async throws {
        let received = try await onThread {
            let context = try Context()
            let xpub = try Socket(context: context, type: .xpub)
            try xpub.bind("tcp://127.0.0.1:*")
            let sub = try Socket(context: context, type: .sub)
            try sub.connect(try xpub.lastEndpoint)
            try sub.subscribe("sea")
            _ = try xpub.receive(timeout: 1000)  // the subscription has arrived: nothing published now is lost
            try xpub.send([bytes("sea")] + awkwardFrames)
            return try sub.receive(timeout: 1000)
        }
        #expect(received == [bytes("sea")] + awkwardFrames)
    }

    @Test("subscriptions are prefixes: \"sea\" also matches \"seabed\", so exact topics are the caller's job")
    func prefixFiltering() async throws {
        let topics = try await onThread {
            let context = try Context()
            let xpub = try Socket(context: context, type: .xpub)
            try xpub.bind("tcp://127.0.0.1:*")
            let sub = try Socket(context: context, type: .sub)
            try sub.connect(try xpub.lastEndpoint)
            try sub.subscribe("sea")
            _ = try xpub.receive(timeout: 1000)
            for topic in ["se", "river", "seabed", "sea", "end"] {
                try xpub.send([bytes(topic), bytes("payload")])
            }
            try sub.subscribe("end")
            _ = try xpub.receive(timeout: 1000)
            try xpub.send([bytes("end")])
            var topics: [String] = []
            while let message = try sub.receive(timeout: 1000) {
                topics.append(String(decoding: message[0], as: UTF8.self))
                if topics.last == "end" { break }
            }
            return topics
        }
        #expect(topics == ["seabed", "sea", "end"])
    }

    @Test("with xpubVerbose an XPUB sees every subscriber's subscription to the same topic, not just the first")
    func xpubVerbose() async throws {
        let counts = try await onThread {
            func subscriptionsSeen(verbose: Bool) throws -> Int {
                let context = try Context()
                let xpub = try Socket(context: context, type: .xpub)
                try xpub.set(.xpubVerbose, verbose)
                try xpub.bind("tcp://127.0.0.1:*")
                var subscribers: [Socket] = []
                for index in 0..<3 {
                    let sub = try Socket(context: context, type: .sub)
                    try sub.connect(try xpub.lastEndpoint)
                    try sub.subscribe("sea")
                    try sub.subscribe("marker-\(index)")
                    subscribers.append(sub)
                }
                // Each SUB's subscriptions arrive in order, and distinct topics always pass: once the three
                // markers are in, every "sea" subscription that will ever be passed up has been.
                var seen = 0
                var markers = 0
                while markers < 3, let message = try xpub.receive(timeout: 1000) {
                    if message == [[1] + bytes("sea")] { seen += 1 } else { markers += 1 }
                }
                return seen
            }
            return (try subscriptionsSeen(verbose: false), try subscriptionsSeen(verbose: true))
        }
        #expect(counts.0 == 1)
        #expect(counts.1 == 3)
    }

    @Test("a plain PUB reaches a SUB once a probe published in a poll loop arrives (no sleeping)")
    func plainPublisher() async throws {
        let received = try await onThread {
            let context = try Context()
            let pub = try Socket(context: context, type: .pub)
            try pub.bind("tcp://127.0.0.1:*")
            let sub = try Socket(context: context, type: .sub)
            try sub.connect(try pub.lastEndpoint)
            try sub.subscribe("")
            // PUB cannot see subscriptions, so probe: publish, poll the SUB for 10 ms, repeat (≤ 1 s).
            var poller = Poller([.socket(sub)])
            var probes = 0
            repeat {
                try pub.send([bytes("probe")])
                probes += 1
            } while try poller.poll(timeout: 10) == 0 && probes < 100
            while let message = try sub.receive(dontWait: true), message == [bytes("probe")] {}
            try pub.send([bytes("sea")] + awkwardFrames)
            var message = try sub.receive(timeout: 1000)
            while message == [bytes("probe")] { message = try sub.receive(timeout: 1000) }
            return message
        }
        #expect(received == [bytes("sea")] + awkwardFrames)
    }
}
