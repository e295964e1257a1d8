import Decode
import Inference
import Logging
import Persist
import Vocabulary

extension StreamPipeline {
    /// `alert/drift/<model>` and its row in the alert table.
    func alertDrift(_ drift: ModelSession.DriftEvent, session i: Int, at position: BatchPosition) {
        let name = sessions[i].config.name
        let action = drift.action
        logger.notice(
            "drift detected",
            metadata: [
                "blrd.model": "\(name)", "blrd.seq": "\(position)", "statistic": "\(drift.statistic)",
                "action": "\(action)",
            ])
        let version = sessions[i].version
        publish {
            OutboundEncoder.driftAlert(
                model: name, seq: position.seq, version: version, detector: drift.detector,
                statistic: drift.statistic, threshold: drift.threshold, action: action,
                changeProbability: drift.changeProbability, runLength: drift.runLength, pubseq: $0, instance: $1)
        }
        var payload: [String: JSONValue] = [
            "detector": .string(drift.detector), "statistic": JSONValue(drift.statistic),
            "threshold": JSONValue(drift.threshold), "action": .string(action),
        ]
        if let p = drift.changeProbability { payload["p_change"] = JSONValue(p) }
        if let r = drift.runLength { payload["run_length"] = JSONValue(r) }
        record(.drift, subject: name, seq: position.seq, version: sessions[i].version, payload: payload)
    }

    /// `alert/sensitivity/<model>` with the reported examples (ids echoed when the batch had them) and a summary
    /// of the finding in words.
    func alertSensitivity(
        _ finding: SensitivityMonitor.Finding, quarantined: Bool, ids: [ExampleID]?, session i: Int,
        at position: BatchPosition
    ) {
        let name = sessions[i].config.name
        let examples = finding.reported.map {
            SensitiveExample(
                index: $0.index, id: ids?[$0.index], deviation: $0.deviation, error: $0.error, variance: $0.variance,
                tail: $0.tail)
        }
        let labels: SensitivitySummary.Labels =
            switch sessions[i].config.learner.likelihood {
            case .gaussian: .targets
            case .poisson: .counts
            case .bernoulli, .categorical: .classes
            }
        let summary = SensitivitySummary.text(
            examples: examples, flagged: finding.flagged.count, batchSize: finding.batchSize, usual: finding.usual,
            labels: labels, quarantined: quarantined)
        let version = sessions[i].version
        publish {
            OutboundEncoder.sensitivityAlert(
                model: name, seq: position.seq, version: version, examples: examples,
                flagged: finding.flagged.count, summary: summary, quarantined: quarantined, pubseq: $0, instance: $1)
        }
        record(
            .sensitivity, subject: name, seq: position.seq, version: sessions[i].version,
            payload: [
                "examples": .array(examples.map(\.json)), "flagged": JSONValue(finding.flagged.count),
                "summary": .string(summary), "quarantined": .bool(quarantined),
            ])
    }

    /// Stores an alert, within the write budget, on the snapshot writer's thread: a commit (and its fsync) never
    /// runs on the stream's thread.
    func record(_ kind: AlertKind, subject: String, seq: UInt64?, version: Int? = nil, payload: [String: JSONValue]) {
        guard !replaying, limiter.allow() else { return }
        let (text, logger) = (JSONValue.object(payload).jsonText, self.logger)
        writer.submit { store in
            do {
                _ = try store.recordAlert(kind: kind, subject: subject, seq: seq, version: version, payloadJSON: text)
            } catch {
                logger.error("could not record an alert", metadata: ["error": "\(error)"])
            }
            return true
        }
    }

    /// A valid batch a model could not predict or learn: a warning, `alert/input/<stream>` with `code`, and its
    /// row in the alert table (the model's state is untouched).
    func alertModelFailure(
        _ message: Logger.Message, model: String, at position: BatchPosition, detail: String, code: String,
        reason: String
    ) {
        logger.warning(message, metadata: ["blrd.model": "\(model)", "blrd.seq": "\(position)", "reason": "\(detail)"])
        publish { [stream = stream.name] in
            OutboundEncoder.inputAlert(
                stream: stream, seq: position.seq, reason: reason, code: code, pubseq: $0, instance: $1)
        }
        record(
            .input, subject: stream.name, seq: position.seq,
            payload: ["reason": .string(reason), "code": .string(code)])
    }
}
