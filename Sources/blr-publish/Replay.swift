/// The send loop: every pass over the source, batch by batch, paced, each message sent as soon as it is due.
///
/// When the last subscriber leaves in the middle (a daemon restarting), the loop waits up to `--wait` seconds for
/// one to come back and resumes where it was, rather than sending into the void; it gives up with exit status 2.
struct Replay {
    let plan: MessagePlan
    /// Messages per second; 0 for full speed.
    let rate: Double
    /// Seconds to wait for a subscriber to come back.
    let wait: Double

    /// Sends the whole plan from `source` through `publisher`, counting in `progress`.
    mutating func run(
        _ source: inout any ExampleSource, through publisher: XPubPublisher, progress: inout ProgressLine
    ) throws(PublishError) {
        var pacer = Pacer(rate: rate)
        try plan.forEachMessage(from: &source, pacer: &pacer) { (message, pacer) throws(PublishError) in
            try publisher.refreshSubscriptions()
            if !publisher.hasSubscriber {
                try awaitReturn(of: publisher, before: message.index)
                pacer.restart(atMessage: message.index)
            }
            progress.begin()
            try publisher.send(message.frames)
            progress.sent(rows: message.rows)
        }
    }

    /// Waits for a subscriber after the last one left, before message `index`.
    private func awaitReturn(of publisher: XPubPublisher, before index: Int) throws(PublishError) {
        let seq = plan.seq(ofMessage: index)
        Console.error(
            "the subscriber left after \(index) of \(plan.totalMessages) messages; waiting up to "
                + "\(BLRPublish.seconds(wait)) for one to resume at seq \(seq)")
        guard try publisher.waitForSubscriber(seconds: wait) else {
            throw PublishError.noSubscriber(
                "no subscriber came back within \(BLRPublish.seconds(wait)); sent \(index) of \(plan.totalMessages) "
                    + "messages (the next seq was \(seq))")
        }
        Console.error("a subscriber is back; resuming at seq \(seq)")
    }
}
