import Foundation
import ZeroMQ

/// The publisher's XPUB socket: it connects or binds, learns of subscriptions, and sends ingest messages without
/// dropping any.
///
/// A plain PUB drops messages at its high-water mark when a subscriber falls behind. This socket instead sets
/// `ZMQ_XPUB_NODROP` and sends blocking, so a slow subscriber slows the publisher down (back-pressure through the
/// kernel's TCP buffers and the subscriber's own queue) and nothing is lost on the way out.
///
/// The high-water mark is small on purpose: it bounds what is still queued inside this process when the last
/// message has been handed over, and that is what the linger set by ``drain(seconds:)`` must give time to leave.
/// Messages already in the kernel's buffers are delivered after the process exits. Measured on loopback,
/// full-speed throughput is the same with a mark of 4 as with 256.
final class XPubPublisher {
    /// Messages queued per subscriber before a send blocks: with the engine's one batch in flight, about ten
    /// messages to deliver after the last send, so a one-second drain suffices for a subscriber taking ten or more
    /// messages a second.
    static let sendHighWaterMark: Int32 = 8
    /// `ZMQ_XPUB_NODROP`: at the high-water mark, fail with `EAGAIN` (and so block a blocking send) instead of
    /// dropping.
    static let noDrop = SocketOption<Bool>.xpubNoDrop

    private let context: Context
    private let socket: Socket
    private var tracker: SubscriptionTracker
    private var poller: Poller

    /// Creates the socket and connects it to, or binds it at, `endpoint`; with `curve`, as a CURVE client of
    /// the daemon (ZeroMQ RFC 26) in either direction, whose key the daemon checks through ZAP (RFC 27).
    ///
    /// - Throws: ``PublishError`` naming the endpoint and libzmq's reason (a malformed endpoint, a port in use).
    ///
    /// - Parameter immediate: `ZMQ_IMMEDIATE`: a connecting socket queues messages only on a completed connection,
    ///   and a broken one ends its pipe, so the subscription goes away (``departures`` counts it) instead of
    ///   messages queueing for whoever connects next. `--control` needs that to resend from the daemon's
    ///   position rather than deliver stale messages to a restarted daemon.
    init(
        endpoint: String, mode: SocketMode, stream: String, immediate: Bool = false, curve: CurveClientKeys? = nil
    ) throws(PublishError) {
        do {
            context = try Context()
            socket = try Socket(context: context, type: .xpub)
            try socket.set(.sendHighWaterMark, Self.sendHighWaterMark)
            try socket.set(Self.noDrop, true)
            if immediate { try socket.set(.immediate, true) }
            if let curve { try socket.makeCurveClient(curve) }
            switch mode {
            case .connect: try socket.connect(endpoint)
            case .bind: try socket.bind(endpoint)
            }
        } catch {
            let reason = (error as? ZeroMQError)?.message ?? "\(error)"
            throw PublishError("cannot \(mode == .bind ? "bind" : "connect to") \(endpoint): \(reason)")
        }
        tracker = SubscriptionTracker(stream: stream)
        poller = Poller([.socket(socket)])
    }

    /// Whether a subscriber to the stream was there at the last look (``refreshSubscriptions()``).
    var hasSubscriber: Bool { tracker.hasSubscriber }

    /// How many times a subscriber to the stream went away, as of the last ``refreshSubscriptions()``.
    var departures: Int { tracker.departures }

    /// Takes in the (un)subscriptions that have arrived, without waiting.
    func refreshSubscriptions() throws(PublishError) {
        do {
            while let message = try socket.receive(dontWait: true) {
                tracker.record(message)
            }
        } catch {
            throw PublishError("cannot read subscriptions: \(error)")
        }
    }

    /// Waits up to `seconds` until some subscriber subscribes to a prefix of the stream name.
    ///
    /// - Returns: false when the time ran out with no such subscriber.
    func waitForSubscriber(seconds: Double) throws(PublishError) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(seconds)
        while true {
            try refreshSubscriptions()
            if tracker.hasSubscriber { return true }
            let remaining = deadline - clock.now
            guard remaining > .zero else { return false }
            let milliseconds = Int((remaining / .milliseconds(1)).rounded(.up))
            do {
                _ = try poller.poll(timeout: min(milliseconds, 1000))
            } catch {
                throw PublishError("cannot wait for subscribers: \(error)")
            }
        }
    }

    /// Sends one message, blocking while the subscriber's queue is full.
    func send(_ frames: [[UInt8]]) throws(PublishError) {
        do {
            try socket.send(frames)
        } catch {
            throw PublishError("cannot send: \(error)")
        }
    }

    /// Sends one message if it can be queued now; false at the high-water mark (the subscriber is behind).
    func trySend(_ frames: [[UInt8]]) throws(PublishError) -> Bool {
        do {
            try socket.send(frames, dontWait: true)
            return true
        } catch let error as ZeroMQError where error.isAgain {
            return false
        } catch {
            throw PublishError("cannot send: \(error)")
        }
    }

    /// Waits up to `milliseconds` for a (un)subscription to arrive, then takes in what has.
    func awaitSubscriptionEvents(milliseconds: Int) throws(PublishError) {
        do {
            _ = try poller.poll(timeout: milliseconds)
        } catch {
            throw PublishError("cannot wait for subscribers: \(error)")
        }
        try refreshSubscriptions()
    }

    /// How long `close()` lets libzmq keep sending what is still queued.
    private var lingerMilliseconds: Int32 = 0

    /// Lets the last queued messages (at most about ``sendHighWaterMark``) leave for up to `seconds` when the
    /// socket closes: libzmq's linger, which `close()` then waits out in the context's termination.
    func drain(seconds: Double) {
        lingerMilliseconds = Int32(clamping: Int((max(0, seconds) * 1000).rounded()))
    }

    /// Closes the socket (sending what is queued, within the drain time) and terminates the context.
    func close() {
        socket.close(linger: lingerMilliseconds)
        context.terminate()
    }
}
