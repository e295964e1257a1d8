import Foundation
import Testing
import ZeroMQ

@Suite("Poller over sockets and file descriptors")
struct PollerTests {
    @Test("reports exactly the readable items: nothing, then the pipe, then the socket")
    func readableItems() async throws {
        let rounds = try await onThread { () -> [[Int]] in
            let context = try Context()
            let pull = try Socket(context: context, type: .pull)
            try pull.bind("inproc://poller-test")
            let push = try Socket(context: context, type: .push)
            try push.connect("inproc://poller-test")
            var descriptors: [Int32] = [-1, -1]
            guard pipe(&descriptors) == 0 else { throw ZeroMQError(errno: errno, operation: "pipe") }
            defer { close(descriptors[0]); close(descriptors[1]) }

            var poller = Poller()
            #expect(poller.add(pull) == 0)
            #expect(poller.add(fileDescriptor: descriptors[0]) == 1)
            var rounds: [[Int]] = []
            _ = try poller.poll(timeout: 0)
            rounds.append(poller.readableIndices)

            var byte: UInt8 = 1
            _ = write(descriptors[1], &byte, 1)
            _ = try poller.poll(timeout: 1000)
            rounds.append(poller.readableIndices)
            _ = read(descriptors[0], &byte, 1)

            try push.send([bytes("wake")])
            _ = try poller.poll(timeout: 1000)
            rounds.append(poller.readableIndices)
            _ = try pull.receive()
            rounds.append(try Poller.poll([.socket(pull), .fileDescriptor(descriptors[0])], timeout: 0))
            return rounds
        }
        #expect(rounds == [[], [1], [0], []])
    }

    @Test("a timeout returns 0 after roughly the timeout, and a closed socket is an error, not a crash")
    func timeoutAndClosedSocket() async throws {
        let outcome = try await onThread {
            let context = try Context()
            let pull = try Socket(context: context, type: .pull)
            var poller = Poller([.socket(pull)])
            var ready = -1
            let elapsed = try milliseconds { ready = try poller.poll(timeout: 30) }
            pull.close()
            var closedError: ZeroMQError?
            do { _ = try poller.poll(timeout: 0) } catch let error as ZeroMQError { closedError = error }
            return (ready, elapsed, closedError)
        }
        #expect(outcome.0 == 0)
        #expect(outcome.1 >= 25 && outcome.1 < 1000)
        #expect(outcome.2?.errno == ENOTSOCK)
    }
}
