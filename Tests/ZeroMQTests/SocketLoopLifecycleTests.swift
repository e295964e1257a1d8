import Foundation
import Testing
import ZeroMQ

@Suite("SocketLoop: starting, stopping, failing")
struct SocketLoopLifecycleTests {
    @Test("stop() wakes a loop blocked in zmq_poll promptly; a second stop, sends and runs after it are harmless")
    func stopIsPromptAndIdempotent() async throws {
        let context = try Context()
        let loop = try SocketLoop(context: context) { context in
            let pull = try Socket(context: context, type: .pull)
            try pull.bind("tcp://127.0.0.1:*")
            return [pull]
        }
        #expect(loop.isRunning)
        _ = try await loop.run { _ in }  // the loop is up and back in zmq_poll(-1)
        let first = milliseconds { loop.stop() }
        let second = milliseconds { loop.stop() }
        #expect(first < 1000)
        #expect(second < 10)
        #expect(!loop.isRunning)
        #expect(!loop.send(socketIndex: 0, frames: [bytes("too late")]))
        #expect(!loop.perform { _ in })
        await #expect(throws: SocketLoop.StoppedError.self) { try await loop.run { _ in 1 } }
        var batches = 0
        for await _ in loop.messages { batches += 1 }  // finished: ends at once
        #expect(batches == 0)
        let terminate = milliseconds { context.terminate() }  // the loop closed its socket
        #expect(terminate < 500)
    }

    @Test("concurrent stop() calls from several tasks all return")
    func concurrentStops() async throws {
        let context = try Context()
        let loop = try SocketLoop(context: context) { context in [try Socket(context: context, type: .pull)] }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { loop.stop() }
            }
        }
        #expect(!loop.isRunning)
    }

    @Test("shutting the context down ends the loop by itself: the stream finishes and lastError is ETERM")
    func contextShutdownEndsLoop() async throws {
        let context = try Context()
        let loop = try SocketLoop(context: context) { context in
            let sub = try Socket(context: context, type: .sub)
            try sub.connect("tcp://127.0.0.1:1")
            return [sub]
        }
        let watchdog = loop.watchdog()
        context.shutdown()
        for await _ in loop.messages {}
        watchdog.cancel()
        #expect(loop.statistics.lastError?.isTerminated == true)
        #expect(!loop.isRunning)
        let elapsed = milliseconds {
            loop.stop()
            context.terminate()
        }
        #expect(elapsed < 500)
    }

    @Test("an error thrown by setup comes out of init, and no thread is left behind")
    func setupFailure() async throws {
        let context = try Context()
        #expect {
            _ = try SocketLoop(context: context) { context in
                let pull = try Socket(context: context, type: .pull)
                try pull.bind("tcp://no-such-host.invalid:1")
                return [pull]
            }
        } throws: { error in
            (error as? ZeroMQError)?.operation == "bind tcp://no-such-host.invalid:1"
        }
        let elapsed = milliseconds { context.terminate() }  // the failed setup's socket was closed
        #expect(elapsed < 500)
    }

    @Test("failed sends are counted, not blocked on: a PUSH with no peer")
    func failedSendsAreCounted() async throws {
        let context = try Context()
        let loop = try SocketLoop(context: context) { context in
            let push = try Socket(context: context, type: .push)
            try push.bind("tcp://127.0.0.1:*")  // bound, nobody connected: no pipe, EAGAIN
            return [push]
        }
        loop.send(socketIndex: 0, messages: Array(repeating: [bytes("lost")], count: 3))
        _ = try await loop.run { _ in }  // queued after the sends: they have been attempted
        loop.stop()
        #expect(loop.statistics.failedSends == 3)
        #expect(loop.statistics.sentMessages == 0)
        #expect(loop.statistics.lastSendError?.isAgain == true)
    }
}
