import Decode
import Foundation
import Testing
import ZeroMQ

/// `blr-publish` delivers everything to subscribers slower than itself, and pauses while nobody listens.
@Suite("blr-publish: back-pressure, draining and a subscriber that comes back")
struct PublishTestsDelivery {
    @Test("a subscriber slower than the publisher still gets every message, the last ones included")
    func slowSubscriber() async throws {
        // 400 messages of 32 KiB: more than the kernel's socket buffers hold, so the publisher feels the
        // back-pressure and still has messages queued when it has sent the last one.
        let arguments = ["--stream", "sea", "--synthetic", "linear", "--count", "25600", "--features", "64"]
        let slow: @Sendable (Int, Socket) throws -> Void = { _, _ in Thread.sleep(forTimeInterval: 0.004) }
        guard let run = try await PublishHarness.publish(arguments, receiveHighWaterMark: 10, received: slow)
        else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let messages = try PublishHarness.decode(run, as: StreamSpec(name: "sea", features: 64, task: .regression))
        let seqs = messages.map(\.seq)
        let missing = Set<UInt64>(0..<400).subtracting(seqs).sorted()
        #expect(missing.isEmpty, "missing seqs: \(missing)")
        #expect(seqs.count == 400 && zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(run.result.stdoutLines.last?.hasPrefix("sent 400 messages (25600 examples) in ") == true)
    }

    @Test("when the only subscriber leaves, blr-publish waits, says so on stderr, and resumes when one returns")
    func subscriberComesBack() async throws {
        let arguments = ["--stream", "sea", "--synthetic", "linear", "--count", "640", "--batch", "16", "--rate", "50"]
        let leaveAndReturn: @Sendable (Int, Socket) throws -> Void = { index, sub in
            guard index == 4 else { return }
            try sub.unsubscribe("sea")
            Thread.sleep(forTimeInterval: 0.5)
            try sub.subscribe("sea")
        }
        guard let run = try await PublishHarness.publish(arguments, received: leaveAndReturn) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let seqs = try PublishHarness.decode(run, as: StreamSpec(name: "sea", features: 8, task: .regression))
            .map(\.seq)
        #expect(seqs.prefix(5) == [0, 1, 2, 3, 4])
        #expect(seqs.last == 39)
        #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
        // At 50 messages a second, at most a message or two goes out between the unsubscription and the pause.
        #expect(seqs.count >= 35)
        #expect(run.result.stderrLines.count == 2)
        #expect(run.result.stderr.contains("the subscriber left after"))
        #expect(run.result.stderr.contains("a subscriber is back; resuming at seq"))
    }
}
