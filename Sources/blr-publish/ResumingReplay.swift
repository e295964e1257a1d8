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
        var index = 0
        for _ in 0..<plan.epochs {
            source.rewind()
            var first = 0
            while first < source.count {
                let rows = min(plan.batchSize, source.count - first)
                let (x, y) = source.next(rows: rows)
                pacer.wait(forMessage: index)
                let frames = try plan.frames(message: index, first: first, x: x, y: y, features: source.features)
                progress.begin()
                try session.send(frames, at: WirePosition(epoch: epoch, seq: plan.seq(ofMessage: index)))
                progress.sent(rows: rows)
                first += rows
                index += 1
            }
        }
        try session.finish(timeout: durableTimeout)
    }
}
