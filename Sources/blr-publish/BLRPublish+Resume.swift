extension BLRPublish {
    /// `--control`: describes the stream and checks it against the data and the first seq, then sends through a
    /// ``ResumeSession`` and waits for the last batch to be durable.
    func publishResuming(source: inout any ExampleSource, plan: MessagePlan, control endpoint: String)
        throws(PublishError)
    {
        let curve = try curveKeys()
        let control = try ControlChannel(endpoint: endpoint, timeout: 2, curve: curve)
        defer { control.close() }
        let described = try describeAtStart(control)
        try described.check(stream: stream, features: source.features, task: source.task, classes: source.classes)
        let first = WirePosition(epoch: plan.epoch ?? 0, seq: plan.startSeq)
        if let last = described.last, last >= first {
            throw PublishError(
                "blrd has applied stream \"\(stream)\" up to \(last); this run starts at \(first), which it would "
                    + "reject as not increasing: start a new epoch (--epoch \(last.epoch + 1)) or continue the seqs "
                    + "(--start-seq \(last.seq + 1)\(last.epoch == 0 ? "" : " --epoch \(last.epoch)"))")
        }
        Console.out(
            "blrd instance \(described.instance): stream \"\(stream)\" at \(described.last?.description ?? "nothing"), "
                + "durable \(described.durable?.description ?? "none"); resending after restarts")
        let publisher = try XPubPublisher(
            endpoint: self.endpoint, mode: mode, stream: stream, immediate: true, curve: curve)
        defer { publisher.close() }
        guard try publisher.waitForSubscriber(seconds: wait) else { throw noSubscriber() }
        let session = ResumeSession(
            stream: stream, publisher: publisher, control: control, described: described, first: first,
            retainBytes: retainBytes, wait: wait)
        var progress = ProgressLine(isLive: !quiet && Console.stdoutIsTerminal, totalMessages: plan.totalMessages)
        try ResumingReplay(plan: plan, rate: rate, durableTimeout: durableTimeout)
            .run(&source, through: session, progress: &progress)
        progress.finish()
        Console.out(
            "durable up to \(session.daemon.durable?.description ?? "none"); \(session.restarts) restart(s) of blrd, "
                + "\(session.resent) batch(es) resent")
    }

    /// The first `describe`, retried until the daemon answers or `--wait` runs out.
    private func describeAtStart(_ control: ControlChannel) throws(PublishError) -> StreamDescription {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(wait)
        while true {
            if let described = try control.describe(stream: stream) { return described }
            guard clock.now < deadline else {
                throw PublishError.noSubscriber(
                    "blrd did not answer describe at \(control.endpoint) within \(Self.seconds(wait)); is it running?")
            }
        }
    }
}
