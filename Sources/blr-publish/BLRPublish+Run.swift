import ArgumentParser
import Synthetic
import ZeroMQ

extension BLRPublish {
    /// Reads the source, prints the start lines, waits for a subscriber, sends every message and prints the
    /// summary. A ``PublishError`` becomes one line on stderr and its exit status.
    func run() throws {
        do {
            try publish()
        } catch {
            Console.error(error.message)
            throw ExitCode(error.status)
        }
    }

    private func publish() throws(PublishError) {
        var source = try makeSource()
        let plan = makePlan(for: source)
        try checkSeqRange(plan)
        for line in startReport(plan: plan, source: source).lines {
            Console.out(line)
        }
        if let control {
            try publishResuming(source: &source, plan: plan, control: control)
            return
        }
        let publisher = try XPubPublisher(endpoint: endpoint, mode: mode, stream: stream, curve: try curveKeys())
        defer { publisher.close() }
        guard try publisher.waitForSubscriber(seconds: wait) else { throw noSubscriber() }
        var progress = ProgressLine(isLive: !quiet && Console.stdoutIsTerminal, totalMessages: plan.totalMessages)
        var replay = Replay(plan: plan, rate: rate, wait: wait)
        try replay.run(&source, through: publisher, progress: &progress)
        if publisher.hasSubscriber { publisher.drain(seconds: drain) }
        progress.finish()
    }

    /// Reports no subscriber for the stream within `--wait`.
    func noSubscriber() -> PublishError {
        let peer = mode == .bind ? "connects to" : "binds"
        let curve =
            !curve.isSet
            ? " (a daemon with CURVE needs --curve-server-key and --curve-secret-key)"
            : " (with CURVE: is this publisher's public key in the daemon's curve_allowed_clients?)"
        return PublishError.noSubscriber(
            "no subscriber to stream \"\(stream)\" within \(Self.seconds(wait)) at \(endpoint); "
                + "is blrd running with a [[stream]] named \"\(stream)\" that \(peer) \(endpoint)?\(curve)")
    }

    /// The CURVE keys of `--curve-server-key` and `--curve-secret-key`, nil without them.
    func curveKeys() throws(PublishError) -> CurveClientKeys? {
        do {
            return try curve.keys()
        } catch {
            throw PublishError("\(error)")
        }
    }

    /// The examples: a CSV table, an `.npy` pair, or a synthetic stream.
    func makeSource() throws(PublishError) -> any ExampleSource {
        if let csv, let label {
            return try CSVExamples(path: csv, label: label).load(task: task, limit: count)
        }
        if npy.count == 2 {
            return try NPYPair(xPath: npy[0], yPath: npy[1]).load(task: task, limit: count)
        }
        guard let synthetic else { throw PublishError("no source given") }
        return SyntheticSource(
            kind: synthetic, features: features ?? 8, count: count ?? 10_000, seed: seed ?? 1, every: every ?? 5000,
            width: width ?? 1000, noiseVariance: noiseVariance ?? 0.25)
    }

    private func makePlan(for source: any ExampleSource) -> MessagePlan {
        MessagePlan(
            stream: stream, format: format, precision: precision ?? (source.isSinglePrecision ? .f4 : .f8),
            integerLabels: source.task.hasIntegerLabels, batchSize: batch, examplesPerEpoch: source.count,
            epochs: epochs, startSeq: startSeq, epoch: epoch, unlabelledEvery: unlabelledEvery, includeIDs: ids,
            includeTimestamps: ts)
    }

    /// Refuses a `--start-seq` so large that the seqs would overflow.
    private func checkSeqRange(_ plan: MessagePlan) throws(PublishError) {
        let (_, overflow) = plan.startSeq.addingReportingOverflow(UInt64(plan.totalMessages))
        if overflow { throw PublishError("--start-seq \(plan.startSeq) leaves no room for \(plan.totalMessages) seqs") }
    }

    private func startReport(plan: MessagePlan, source: any ExampleSource) -> StartReport {
        let synthetic = source as? SyntheticSource
        let drifts = synthetic.flatMap { $0.kind == .linear || $0.kind == .logistic ? nil : $0.driftPoints }
        return StartReport(
            plan: plan, source: source, driftPoints: drifts,
            gradualWidth: synthetic?.kind == .gradual ? synthetic?.width : nil, firstDrift: synthetic?.every,
            endpoint: endpoint, mode: mode)
    }

    /// `30 s`, `1.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
