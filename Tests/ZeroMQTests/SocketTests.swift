import Foundation
import Testing
import ZeroMQ

@Suite("Socket: multipart messages, options and errors")
struct SocketTests {
    @Test("PUSH/PULL over tcp loopback round-trips binary frames, empty frames and a 1 MB frame")
    func pushPullTCP() async throws {
        let received = try await onThread {
            let context = try Context()
            let pull = try Socket(context: context, type: .pull)
            try pull.bind("tcp://127.0.0.1:*")
            let endpoint = try pull.lastEndpoint
            let push = try Socket(context: context, type: .push)
            try push.connect(endpoint)
            try push.send(awkwardFrames)
            try push.send([bytes("second")])
            let messages = [try pull.receive(timeout: 1000), try pull.receive(timeout: 1000)]
            push.close()
            pull.close()
            return (endpoint, messages)
        }
        #expect(received.0.hasPrefix("tcp://127.0.0.1:"))
        #expect(!received.0.hasSuffix(":*"))
        #expect(received.1[0] == awkwardFrames)
        #expect(received.1[1] == [bytes("second")])
    }

    @Test("PUSH/PULL over ipc in a temporary directory round-trips the same frames")
    func pushPullIPC() async throws {
        let ipc = try TemporaryIPCEndpoint()
        defer { ipc.remove() }
        let received = try await onThread {
            let context = try Context()
            let pull = try Socket(context: context, type: .pull)
            try pull.bind(ipc.endpoint)
            let push = try Socket(context: context, type: .push)
            try push.connect(ipc.endpoint)
            try push.send(awkwardFrames)
            return (try pull.lastEndpoint, try pull.receive(timeout: 1000))
        }
        #expect(received.0 == ipc.endpoint)
        #expect(received.1 == awkwardFrames)
    }

    @Test("options read back what was set")
    func options() async throws {
        let values = try await onThread {
            let context = try Context()
            let socket = try Socket(context: context, type: .dealer)
            let defaultLinger = try socket.get(.linger)
            try socket.set(.sendHighWaterMark, 12_345)
            try socket.set(.receiveHighWaterMark, 0)
            try socket.set(.maxMessageSize, 5_000_000_000)
            try socket.set(.receiveTimeout, 250)
            try socket.set(.sendTimeout, 125)
            try socket.set(.linger, 10)
            try socket.set(.routingId, [0, 1, 2, 255])
            try socket.set(.immediate, true)
            return [
                Int64(defaultLinger), Int64(try socket.get(.sendHighWaterMark)),
                Int64(try socket.get(.receiveHighWaterMark)), try socket.get(.maxMessageSize),
                Int64(try socket.get(.receiveTimeout)), Int64(try socket.get(.sendTimeout)),
                Int64(try socket.get(.linger)), Int64(try socket.get(.routingId).count),
                try socket.get(.immediate) ? 1 : 0,
            ]
        }
        #expect(values == [-1, 12_345, 0, 5_000_000_000, 250, 125, 10, 4, 1])
    }

    @Test("errors carry errno, libzmq's message and the operation")
    func errors() async throws {
        let errors = try await onThread { () -> [ZeroMQError] in
            let context = try Context()
            let first = try Socket(context: context, type: .pull)
            try first.bind("tcp://127.0.0.1:*")
            let endpoint = try first.lastEndpoint
            let second = try Socket(context: context, type: .pull)
            var errors: [ZeroMQError] = []
            do { try second.bind(endpoint) } catch let error as ZeroMQError { errors.append(error) }
            do { try second.bind("carrier-pigeon://home") } catch let error as ZeroMQError { errors.append(error) }
            do { try second.send([[UInt8]]()) } catch let error as ZeroMQError { errors.append(error) }
            return errors
        }
        try #require(errors.count == 3)
        #expect(errors[0].errno == EADDRINUSE)
        #expect(errors[0].operation.hasPrefix("bind tcp://127.0.0.1:"))
        #expect(errors[0].description.contains("Address already in use"))
        #expect(errors[1].errno == EPROTONOSUPPORT)
        #expect(errors[1].description.hasPrefix("bind carrier-pigeon://home: "))
        #expect(errors[2].errno == EINVAL)
        #expect(!errors.contains { $0.isAgain || $0.isTerminated || $0.isInterrupted })
    }

    @Test("non-blocking calls: receive returns nil, PUSH without a peer fails with EAGAIN")
    func nonBlocking() async throws {
        let outcome = try await onThread {
            let context = try Context()
            let pull = try Socket(context: context, type: .pull)
            try pull.bind("tcp://127.0.0.1:*")
            let nothing = try pull.receive(dontWait: true)
            let lonely = try Socket(context: context, type: .push)
            try lonely.bind("tcp://127.0.0.1:*")
            var sendError: ZeroMQError?
            do {
                try lonely.send([bytes("nobody")], dontWait: true)
            } catch let error as ZeroMQError {
                sendError = error
            }
            return (nothing == nil, sendError)
        }
        #expect(outcome.0)
        #expect(outcome.1?.isAgain == true)
        #expect(outcome.1?.operation.contains("PUSH") == true)
    }

    @Test("close is idempotent and a closed socket reports ENOTSOCK")
    func closeTwice() async throws {
        let error = try await onThread { () -> ZeroMQError? in
            let context = try Context()
            let socket = try Socket(context: context, type: .pair)
            socket.close()
            socket.close()
            do { _ = try socket.receive(dontWait: true) } catch let error as ZeroMQError { return error }
            return nil
        }
        #expect(error?.errno == ENOTSOCK)
    }
}
