import Decode
import Foundation
import ZeroMQ

/// The daemon's PUB socket (docs/PROTOCOL.md §2): every message gets the next `pubseq` and the daemon's `instance`,
/// and goes out in `pubseq` order. Thread-safe: the stream workers and the control server all publish.
final class Publisher: Sendable {
    /// Drawn at start, so subscribers can tell a restart from a loss.
    let instance: String
    let endpoint: String
    private let loop: SocketLoop
    private let pubseq = Locked<UInt64>(0)

    init(context: Context, endpoint: String, highWaterMark: Int, curve: CurveCredentials? = nil) throws {
        instance = (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16) }.joined()
        self.endpoint = endpoint
        loop = try SocketLoop(context: context, name: "blrd-publish") { context in
            let socket = try Socket(context: context, type: .pub)
            try socket.set(.sendHighWaterMark, Int32(clamping: highWaterMark))
            try socket.serveCurve(curve, domain: "publish")
            try socket.bind(endpoint)
            return [socket]
        }
    }

    /// Builds the frames now, outside the lock, and sends them with the next pubseq.
    func publish(_ build: (_ pubseq: UInt64, _ instance: String) -> [[UInt8]]) {
        send([Publication(instance: instance, build)])
    }

    /// Stamps each publication with the next pubseq and queues them all with one hand-off to the socket's
    /// thread. Under the lock only the pubseq digits are written (the messages were encoded before), so
    /// pubseq order is send order without one stream's encoding stalling another's.
    func send(_ publications: [Publication]) {
        guard !publications.isEmpty else { return }
        pubseq.withLock { counter in
            var stamped: [[[UInt8]]] = []
            stamped.reserveCapacity(publications.count)
            for p in publications {
                counter += 1
                stamped.append(p.frames(pubseq: counter))
            }
            _ = loop.send(socketIndex: 0, messages: stamped)
        }
    }

    /// Messages published so far.
    var published: UInt64 { pubseq.current }

    /// Gives libzmq a moment to hand the queued messages to the network, then closes the socket. Waits with
    /// `Task.sleep`, so no thread of the cooperative pool is held while it waits.
    func stop(grace: Duration = .milliseconds(200)) async {
        let deadline = ContinuousClock.now + grace
        while loop.statistics.sentMessages + loop.statistics.failedSends < Int(published),
            ContinuousClock.now < deadline
        {
            do { try await Task.sleep(for: .milliseconds(5)) } catch { break }
        }
        try? await Task.sleep(for: .milliseconds(50))
        loop.stop()
    }
}
