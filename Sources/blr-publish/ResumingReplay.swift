/// The send loop of `blr-publish --control`: like ``Replay``, every pass over the source batch by batch and paced,
/// but each message goes through a ``ResumeSession``, which keeps it until it is durable and resends it after a
/// restart of the daemon; at the end it waits for the last message to be durable.
struct ResumingReplay {
    let plan: MessagePlan
    /// Messages per second; 0 for full speed.
    let rate: Double
    /// Seconds to wait at the end for `durable_seq` to reach the last seq.
    let durableTimeout: Double

    /// Sends the whole plan from `source` through `session`, counting in `progress`, and waits for durability.
    func run(
        _ source: inout any ExampleSource, through session: ResumeSession, progress: inout ProgressLine
    ) throws(PublishError) {
        var pacer = Pacer(rate: rate)
        let epoch = plan.epoch ?? 0
        try plan.forEachMessage(from: &source, pacer: &pacer) { (message, _) throws(PublishError) in
            progress.begin()
            try session.send(message.frames, at: WirePosition(epoch: epoch, seq: plan.seq(ofMessage: message.index)))
            progress.sent(rows: message.rows)
        }
        try session.finish(timeout: durableTimeout)
    }
}
