import Foundation
import Testing
import ZeroMQ

@Suite("SocketLoop: a dedicated socket thread behind an AsyncStream")
struct SocketLoopTests {
    @Test("receives 10 000 messages pushed from another thread, in order, none lost, in batches")
    func receivesInOrder() async throws {
        let count = 10_000
        let context = try Context()
        let loop = try SocketLoop(context: context) { context in
            let pull = try Socket(context: context, type: .pull)
            try pull.bind("tcp://127.0.0.1:*")
            return [pull]
        }
        let watchdog = loop.watchdog()
        let endpoint = try await loop.run { try $0[0].lastEndpoint }
        let pusher = Task {
            try await onThread("pusher") {
                let push = try Socket(context: context, type: .push)
                try push.set(.sendTimeout, 120_000)  // blocks at the high-water mark instead of dropping
                try push.connect(endpoint)
                for seq in 0..<count {
                    try push.send([bytes("sea"), withUnsafeBytes(of: UInt32(seq).littleEndian, Array.init)])
                }
                // Let libzmq deliver what is still queued: closing with linger 0 would drop the tail.
                push.close(linger: 5000)
            }
        }
        let received = await loop.collect(count)
        try await pusher.value
        watchdog.cancel()
        let sequence = received.map { message in
            message.frames[1].withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        }
        #expect(received.count == count)
        #expect(sequence == Array(0..<count))
        #expect(received.allSatisfy { $0.socketIndex == 0 && $0.frames[0] == bytes("sea") })
        loop.stop()
        #expect(loop.statistics.receivedMessages == count)
        #expect(loop.statistics.receivedBatches < count)  // batched: fewer yields than messages
    }

    @Test("send(socketIndex:) from 8 concurrent tasks: every message arrives, each task's in order")
    func concurrentSends() async throws {
        let (tasks, perTask) = (8, 100)
        let context = try Context()
        let receiver = try SocketLoop(context: context, name: "receiver") { context in
            let pull = try Socket(context: context, type: .pull)
            try pull.bind("tcp://127.0.0.1:*")
            return [pull]
        }
        let endpoint = try await receiver.run { try $0[0].lastEndpoint }
        let sender = try SocketLoop(context: context, name: "sender") { context in
            let push = try Socket(context: context, type: .push)
            try push.set(.sendHighWaterMark, 10_000)
            try push.connect(endpoint)  // connecting creates the pipe at once: sends queue until connected
            return [push]
        }
        let watchdog = receiver.watchdog()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for seq in 0..<perTask {
                        #expect(sender.send(socketIndex: 0, frames: [[UInt8(task)], [UInt8(seq)]]))
                    }
                }
            }
        }
        let received = await receiver.collect(tasks * perTask)
        watchdog.cancel()
        #expect(received.count == tasks * perTask)
        for task in 0..<tasks {
            let sequence = received.filter { $0.frames[0] == [UInt8(task)] }.map { Int($0.frames[1][0]) }
            #expect(sequence == Array(0..<perTask))
        }
        sender.stop()
        receiver.stop()
        #expect(sender.statistics.sentMessages == tasks * perTask)
        #expect(sender.statistics.failedSends == 0)
    }

    @Test(
        "a ROUTER or REP in a loop answers a REQ client through send(socketIndex:)",
        arguments: [
            SocketType.router, .rep,
        ])
    func replies(type: SocketType) async throws {
        let context = try Context()
        let loop = try SocketLoop(context: context) { context in
            let server = try Socket(context: context, type: type)
            if type == .router { try server.set(.routerMandatory, true) }
            try server.bind("tcp://127.0.0.1:*")
            return [server]
        }
        let watchdog = loop.watchdog()
        let endpoint = try await loop.run { try $0[0].lastEndpoint }
        let client = Task {
            try await onThread("req-client") { () -> [String] in
                let req = try Socket(context: context, type: .req)
                try req.connect(endpoint)
                return try (0..<20).map { index in
                    try req.send(["status \(index)"])
                    let reply = try req.receive(timeout: 120_000) ?? []
                    return reply.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "|")
                }
            }
        }
        var answered = 0
        for await batch in loop.messages {
            for request in batch {
                // ROUTER: [routing id, empty delimiter, body]; REP strips the envelope and adds it back.
                let envelope = type == .router ? Array(request.frames.dropLast()) : []
                #expect(envelope.count == (type == .router ? 2 : 0))
                loop.send(socketIndex: 0, frames: envelope + [request.frames.last! + bytes(": ok")])
                answered += 1
            }
            if answered == 20 { break }
        }
        let replies = try await client.value
        watchdog.cancel()
        loop.stop()
        #expect(replies == (0..<20).map { "status \($0): ok" })
        #expect(loop.statistics.failedSends == 0)
        #expect(loop.statistics.lastError == nil)
    }

    @Test("run executes on the loop thread in order with sends: subscribe after start, then receive")
    func subscribeAfterStart() async throws {
        let context = try Context()
        let loop = try SocketLoop(context: context) { context in
            let xpub = try Socket(context: context, type: .xpub)
            try xpub.bind("inproc://loop-subscribe")
            let sub = try Socket(context: context, type: .sub)
            try sub.connect("inproc://loop-subscribe")
            return [xpub, sub]
        }
        let watchdog = loop.watchdog()
        try await loop.run { try $0[1].subscribe("river") }
        var subscription: [[UInt8]]?
        for await batch in loop.messages {
            subscription = batch.first { $0.socketIndex == 0 }?.frames
            if subscription != nil { break }
        }
        loop.send(socketIndex: 0, frames: [bytes("sea"), bytes("filtered out")])
        loop.send(socketIndex: 0, messages: [[bytes("river"), bytes("1")], [bytes("river"), bytes("2")]])
        let delivered = await loop.collect(2)
        watchdog.cancel()
        loop.stop()
        #expect(subscription == [[1] + bytes("river")])
        #expect(
            delivered == [
                SocketLoop.Received(socketIndex: 1, frames: [bytes("river"), bytes("1")]),
                SocketLoop.Received(socketIndex: 1, frames: [bytes("river"), bytes("2")]),
            ])
    }
}
