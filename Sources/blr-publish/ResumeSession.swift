import Foundation

/// `blr-publish --control`: sends through the XPUB socket so that every batch is learned exactly once, even when
/// the daemon crashes and restarts in the middle.
///
/// It keeps every sent message until the daemon's `durable_seq` covers it (bounded by ``RetainedBatches/limit``:
/// at the bound it waits for durability instead of dropping), and asks `describe` every ``pollInterval``. A
/// restart shows up two ways: the daemon's subscription goes away (the XPUB reports it; sending stops until a
/// subscriber is back and `describe` answers), or `describe` names a new `instance`. Either way it resends what
/// it holds above the daemon's `last_seq` — after a restart that is `durable_seq` — with the same epoch and
/// seqs, then carries on. A rise of the stream's `rejected` or `gaps` counters means batches were not learned:
/// the run fails with exit status 3.
final class ResumeSession {
    static let pollInterval: Duration = .milliseconds(150)
    /// Exit status when the daemon rejected messages or saw a gap.
    static let notLearnedStatus: Int32 = 3
    /// Exit status when the end of the input did not become durable in time.
    static let notDurableStatus: Int32 = 4

    let stream: String
    let publisher: XPubPublisher
    let control: ControlChannel
    /// Seconds to wait for a subscriber or a reply after a restart.
    let wait: Double
    private(set) var retained: RetainedBatches
    /// The daemon as last described.
    private(set) var daemon: StreamDescription
    /// The stream's counters when this run started on the current instance.
    private var baseline: (rejected: Int, gaps: Int)
    var departuresSeen: Int
    private var lastPoll = ContinuousClock.now
    /// The last message sent when snapshots were last asked for, and when.
    var lastSnapshotRequest: (for: WirePosition, at: ContinuousClock.Instant)?
    /// The newest position sent.
    private(set) var lastSent: WirePosition?
    private(set) var resent = 0
    private(set) var restarts = 0
    /// Messages resent to the same instance after a broken connection: as many `seq_not_increasing` rejections
    /// are the harmless duplicates of those that were in flight after all.
    private var duplicatesTolerated = 0
    /// The position of the run's first message.
    let firstPosition: WirePosition

    /// Starts on a daemon already described (and checked) at `described`.
    init(
        stream: String, publisher: XPubPublisher, control: ControlChannel, described: StreamDescription,
        first: WirePosition, retainBytes: Int, wait: Double
    ) {
        self.stream = stream
        firstPosition = first
        self.publisher = publisher
        self.control = control
        self.wait = wait
        daemon = described
        baseline = (described.rejected, described.gaps)
        departuresSeen = publisher.departures
        retained = RetainedBatches(limit: retainBytes)
    }

    // MARK: sending

    /// Sends one message and keeps it until it is durable; waits first while the retained bytes are at the bound.
    func send(_ frames: [[UInt8]], at position: WirePosition) throws(PublishError) {
        while retained.wouldExceed(adding: frames) {
            try waitForDurability(upTo: retained.oldest!)
        }
        retained.append(frames, at: position)
        lastSent = position
        try deliver(frames)
        if ContinuousClock.now - lastPoll >= Self.pollInterval { try poll() }
    }

    /// Hands `frames` to the socket, watching for the daemon leaving while the socket is full; a departure
    /// resynchronises (which resends the message too, since it is retained).
    private func deliver(_ frames: [[UInt8]]) throws(PublishError) {
        while true {
            try publisher.refreshSubscriptions()
            if publisher.departures != departuresSeen || !publisher.hasSubscriber {
                try resynchronize()
                return
            }
            if try publisher.trySend(frames) { return }
            try publisher.awaitSubscriptionEvents(milliseconds: 5)
            if ContinuousClock.now - lastPoll >= Self.pollInterval { try poll() }
        }
    }

    // MARK: following the daemon

    /// Asks `describe`: trims what became durable, resynchronises on a new instance, fails on rejections or gaps.
    func poll() throws(PublishError) {
        lastPoll = .now
        guard let described = try control.describe(stream: stream) else { return }  // down: the XPUB tells
        if described.instance != daemon.instance {
            try resynchronize()
            return
        }
        daemon = described
        try checkLearned()
        if let durable = described.durable { retained.dropThrough(durable) }
    }

    /// After the daemon left or restarted: waits for it, describes it, resends what it lacks.
    func resynchronize() throws(PublishError) {
        var settled = false
        while !settled {
            try awaitSubscriber()
            departuresSeen = publisher.departures
            let described = try describeWaiting()
            if described.instance != daemon.instance {
                restarts += 1
                baseline = (0, 0)
                duplicatesTolerated = 0
                Console.error(
                    "blrd restarted (instance \(described.instance)); it holds stream \"\(stream)\" up to "
                        + "\(described.last?.description ?? "nothing") (durable \(described.durable?.description ?? "none")); "
                        + "resending \(retained.after(described.last).count) batch(es)")
            }
            let sameInstance = described.instance == daemon.instance
            daemon = described
            try checkLearned()
            if let durable = described.durable { retained.dropThrough(durable) }
            try checkNothingMissing()
            let before = resent
            settled = try resend(after: described.last)
            // The same daemon after a broken connection: some of those may have been in flight, not lost.
            if sameInstance { duplicatesTolerated += resent - before }
        }
        lastPoll = .now
    }

    /// Sends every retained message above `position`; false when the daemon left again meanwhile.
    private func resend(after position: WirePosition?) throws(PublishError) -> Bool {
        for entry in retained.after(position) {
            while true {
                try publisher.refreshSubscriptions()
                if publisher.departures != departuresSeen || !publisher.hasSubscriber { return false }
                if try publisher.trySend(entry.frames) { break }
                try publisher.awaitSubscriptionEvents(milliseconds: 5)
            }
            resent += 1
        }
        return true
    }

    private func awaitSubscriber() throws(PublishError) {
        try publisher.refreshSubscriptions()
        if publisher.hasSubscriber { return }
        Console.error("the daemon left; waiting up to \(BLRPublish.seconds(wait)) for it to come back")
        guard try publisher.waitForSubscriber(seconds: wait) else {
            throw PublishError.noSubscriber(
                "blrd did not come back within \(BLRPublish.seconds(wait)); \(retained.count) batch(es) sent are not durable"
            )
        }
    }

    /// `describe`, retried until the daemon answers (it answers once its state is restored) or `wait` runs out.
    private func describeWaiting() throws(PublishError) -> StreamDescription {
        let deadline = ContinuousClock.now + .seconds(wait)
        while true {
            if let described = try control.describe(stream: stream) { return described }
            guard ContinuousClock.now < deadline else {
                throw PublishError.noSubscriber(
                    "blrd did not answer describe at \(control.endpoint) within \(BLRPublish.seconds(wait))")
            }
        }
    }

    /// Fails when the daemon rejected messages or saw a gap since this run started on it — unless the newest
    /// rejection is `persist_failed` (blrd could not write its state, and learned nothing of those): then it
    /// resends from the daemon's position until blrd takes them again.
    private func checkLearned() throws(PublishError) {
        if daemon.rejected > baseline.rejected, daemon.lastRejectionCode == "persist_failed" {
            try resendWhileUnwritable()
            return
        }
        let excess = daemon.rejected - baseline.rejected
        let duplicates = daemon.lastRejectionCode == "seq_not_increasing" && excess <= duplicatesTolerated
        if excess > 0 && !duplicates {
            throw PublishError(
                "blrd rejected \(daemon.rejected - baseline.rejected) message(s) on stream \"\(stream)\"; the newest: "
                    + "\(daemon.lastRejection ?? "?") (blrctl alerts --kind input lists them)",
                status: Self.notLearnedStatus)
        }
        if daemon.gaps > baseline.gaps {
            throw PublishError(
                "blrd saw \(daemon.gaps - baseline.gaps) gap(s) in stream \"\(stream)\": batches were lost on the way "
                    + "(blrctl alerts --kind gap lists them)",
                status: Self.notLearnedStatus)
        }
    }

    /// blrd refused batches it could not write (a full disk): every second, resends what it holds above the
    /// daemon's `last_seq`, until a round is taken without a new `persist_failed`; gives up (exit 3) after `wait`.
    private func resendWhileUnwritable() throws(PublishError) {
        Console.error(
            "blrd could not write stream \"\(stream)\" (\(daemon.lastRejection ?? "persist_failed")); resending from "
                + "\(daemon.last?.description ?? "the start") until it can")
        let deadline = ContinuousClock.now + .seconds(wait)
        while true {
            Thread.sleep(forTimeInterval: 1)
            guard let before = try control.describe(stream: stream), before.instance == daemon.instance else { return }
            daemon = before
            baseline = (before.rejected, before.gaps)
            if let durable = before.durable { retained.dropThrough(durable) }
            let sent = resent
            guard try resend(after: before.last) else { return }  // the daemon left: resynchronize takes over
            Thread.sleep(forTimeInterval: 0.2)
            guard let after = try control.describe(stream: stream), after.instance == daemon.instance else { return }
            daemon = after
            let refusedAgain = after.rejected > baseline.rejected && after.lastRejectionCode == "persist_failed"
            if !refusedAgain || resent == sent {
                baseline = (after.rejected, after.gaps)
                Console.error("blrd writes stream \"\(stream)\" again; carrying on")
                return
            }
            guard ContinuousClock.now < deadline else {
                throw PublishError(
                    "blrd could not write stream \"\(stream)\" for \(BLRPublish.seconds(wait)): \(after.lastRejection ?? "")",
                    status: Self.notLearnedStatus)
            }
        }
    }

    /// Fails when the daemon resumed below what this run still holds (its state file lost batches it had
    /// declared durable): resending could not close that gap.
    private func checkNothingMissing() throws(PublishError) {
        guard let lastSent else { return }
        let next = retained.oldest ?? WirePosition(epoch: lastSent.epoch, seq: lastSent.seq + 1)
        guard next != firstPosition else { return }
        let needed = WirePosition(epoch: next.epoch, seq: next.seq - 1)
        if let last = daemon.last, last >= needed { return }
        throw PublishError(
            "blrd resumed stream \"\(stream)\" at \(daemon.last?.description ?? "nothing"), below \(needed), which "
                + "it had declared durable: the batches in between are lost",
            status: Self.notLearnedStatus)
    }
}
