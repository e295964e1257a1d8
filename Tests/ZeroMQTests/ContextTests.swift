import Foundation
import Testing
import ZeroMQ

@Suite("Context shutdown and termination")
struct ContextTests {
    @Test("shutdown wakes a receive blocked on another thread with ETERM; close then terminate return promptly")
    func shutdownWakesBlockedReceive() async throws {
        let context = try Context()
        let (ready, signalReady) = AsyncStream.makeStream(of: Void.self)
        let blocked = Task {
            try await onThread { () -> ZeroMQError? in
                let pull = try Socket(context: context, type: .pull)
                try pull.bind("tcp://127.0.0.1:*")
                defer { pull.close() }
                signalReady.yield()
                do { _ = try pull.receive() } catch let error as ZeroMQError { return error }
                return nil
            }
        }
        // Whether shutdown lands just before or during the receive, the receive must fail with ETERM.
        for await _ in ready { break }
        context.shutdown()
        let error = try await blocked.value
        #expect(error?.isTerminated == true)
        #expect(!context.isOpen)
        let elapsed = milliseconds { context.terminate() }
        #expect(elapsed < 500)
        context.terminate()  // idempotent
    }

    @Test("queued messages to an absent peer do not hold up terminate once the socket is closed (linger 0)")
    func terminateWithUndeliveredMessages() async throws {
        let outcome = try await onThread {
            let context = try Context()
            let push = try Socket(context: context, type: .push)
            let defaultLinger = try push.get(.linger)
            try push.connect("tcp://127.0.0.1:1")  // nothing listens: messages queue in the pipe
            for index in 0..<10 {
                try push.send([bytes("undeliverable \(index)")], dontWait: true)
            }
            let elapsed = milliseconds {
                context.shutdown()
                push.close()
                context.terminate()
            }
            return (defaultLinger, elapsed)
        }
        #expect(outcome.0 == -1)  // libzmq's default would have waited for the peer forever
        #expect(outcome.1 < 500)
    }

    @Test("an open socket with linger 0 sees ETERM after shutdown, and no socket can be made any more")
    func shutdownWithOpenSocket() async throws {
        let errors = try await onThread { () -> [ZeroMQError] in
            let context = try Context()
            let pair = try Socket(context: context, type: .pair)
            try pair.set(.linger, 0)
            try pair.bind("inproc://shutdown-test")
            context.shutdown()
            var errors: [ZeroMQError] = []
            do { try pair.send([bytes("late")]) } catch let error as ZeroMQError { errors.append(error) }
            do { _ = try Socket(context: context, type: .pair) } catch let error as ZeroMQError { errors.append(error) }
            pair.close()
            context.terminate()
            return errors
        }
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.isTerminated })
    }

    @Test("libzmq here is 4.x with CURVE and ipc")
    func capabilities() {
        #expect(Context.libraryVersion.major == 4)
        #expect(Context.has("curve"))
        #expect(Context.has("ipc"))
    }
}
