import Foundation

extension ResumeSession {
    /// At the end of the input: waits until `durable_seq` covers the last message sent, following restarts, for
    /// at most `timeout` seconds.
    ///
    /// - Throws: ``PublishError`` with status ``notDurableStatus`` when the time runs out.
    func finish(timeout: Double) throws(PublishError) {
        guard let lastSent else { return }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            try poll()
            if retained.isEmpty { return }
            guard ContinuousClock.now < deadline else {
                throw PublishError(
                    "stream \"\(stream)\" is durable up to \(daemon.durable?.description ?? "nothing") after "
                        + "\(BLRPublish.seconds(timeout)), not up to the last batch sent (\(lastSent)); \(retained.count) "
                        + "batch(es) would be lost if blrd crashed now (see --durable-timeout)",
                    status: Self.notDurableStatus)
            }
            try waitForDurability(upTo: lastSent)
        }
    }

    /// One step of waiting for `durable_seq` to reach `position`: when the daemon has applied everything sent but
    /// not made it durable (its snapshots are due only every `snapshot_every` batches), asks it for a snapshot
    /// of each of the stream's models — once per last message sent, again after two seconds; then sleeps a poll
    /// interval, watching the XPUB for a departing daemon, and polls.
    func waitForDurability(upTo position: WirePosition) throws(PublishError) {
        if let last = daemon.last, let lastSent, last >= lastSent, (daemon.durable.map { $0 < position } ?? true),
            lastSnapshotRequest.map({ $0.for != lastSent || ContinuousClock.now - $0.at > .seconds(2) }) ?? true
        {
            lastSnapshotRequest = (lastSent, .now)
            for model in daemon.models { _ = try? control.snapshot(model: model) }
        }
        try publisher.awaitSubscriptionEvents(milliseconds: Int(Self.pollInterval / .milliseconds(1)))
        if publisher.departures != departuresSeen || !publisher.hasSubscriber {
            try resynchronize()
        }
        try poll()
    }
}
