import Inference

extension OutboundEncoder {
    /// `model/<model>`, published after each update (docs/PROTOCOL.md §2). Header: model, stream, version, seq, epoch,
    /// durable_seq (`null` before the first snapshot), family, rule, layout `[{name, shape}]` in flattening order,
    /// metrics (nil and non-finite values omitted). Frames: the mean, then the precision (p × p for a full
    /// Gaussian, p for a diagonal one, K blocks of (d + 1)² for a block one — block k over [weight row k, bias k]).
    ///
    /// The frames, family and layout are those of the learner's leading member (its largest weight; a single rule
    /// has one), so a §2 subscriber reads a model of the average as it reads any model. Extensions in the header:
    /// `member`, the leader's name; `members`, per member its `name`, `weight` (and `published_weight`, after the
    /// mixture's pruning), `family`, `rule`, `parameters`, `examples`, `forgetting`, `calibrator` and, for a learned
    /// noise variance, `noise` {dof, variance}; `dof` for a Student-t leader; `inputs` {mean, scale}: the
    /// standardisation z = (x − mean)/scale the leader's weights act on, and `target` {mean, scale} for a
    /// standardised regression target (y = mean + scale·f). A learned-noise leader's precision is that of its
    /// weights' marginal, P·a/β (a multivariate t with `dof` degrees of freedom).
    public static func model(
        model: String, stream: String, version: Int, seq: UInt64, epoch: UInt64 = 0, durableSeq: UInt64?,
        rule: String, learner: Learner, metrics: [String: Double?], windows: [String: [String: Double]] = [:],
        pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        modelMessage(
            model: model, stream: stream, version: version, seq: seq, epoch: epoch, durableSeq: durableSeq, rule: rule,
            learner: learner, metrics: metrics, windows: windows
        ).frames(pubseq: pubseq, instance: instance)
    }

    /// The `layout` field of `model/` for the learner's leading member: fixed for the member's life, so a caller
    /// that publishes often builds it once (`layout:` of ``modelMessage(model:stream:version:seq:epoch:durableSeq:rule:learner:metrics:windows:layout:)``).
    public static func layout(of learner: Learner) -> JSONValue {
        .array(
            learner.members[learner.leader].model.spec.architecture.layout.map {
                .object(["name": .string($0.name), "shape": .array($0.shape.map { JSONValue($0) })])
            })
    }

    /// `model(…)` built ahead of its pubseq. `windows`: the rolling scores by header key (`metrics_1k`, …).
    /// `layout`: ``layout(of:)`` of this learner, when the caller keeps it.
    public static func modelMessage(
        model: String, stream: String, version: Int, seq: UInt64, epoch: UInt64 = 0, durableSeq: UInt64?,
        rule: String, learner: Learner, metrics: [String: Double?], windows: [String: [String: Double]] = [:],
        layout: JSONValue? = nil
    ) -> OutboundMessage {
        let leader = learner.members[learner.leader]
        let m = leader.model
        let posterior = m.marginalPosterior
        let precision = posterior.publishedPrecision
        let published = learner.publishedWeights
        var members: [JSONValue] = []
        for (index, (member, weight)) in zip(learner.members, learner.weights).enumerated() {
            let mm = member.model
            var fields: [String: JSONValue] = [
                "name": .string(member.name), "weight": JSONValue(weight),
                "published_weight": JSONValue(published[index]),
                "family": .string(mm.posterior.family), "rule": .string(mm.spec.rule.rawValue),
                "parameters": JSONValue(mm.posterior.dimension), "examples": JSONValue(mm.examplesSeen),
            ]
            switch member.forgetting {
            case .none: fields["forgetting"] = "none"
            case .perBatch(let a): fields["forgetting"] = JSONValue(a)
            case .memory(let examples): fields["forgetting"] = ["memory": JSONValue(examples)]
            }
            if let calibrator = member.calibrator {
                fields["calibrator"] = .object(calibrator.summary.mapValues { JSONValue($0) })
            }
            if let noise = mm.noise {
                let s = mm.targetUnits.scale
                fields["noise"] = [
                    "dof": JSONValue(noise.dof), "variance": JSONValue(noise.rate / (noise.shape - 1) * s * s),
                ]
            }
            members.append(.object(fields))
        }
        var header: [String: JSONValue] = [
            "model": .string(model), "stream": .string(stream), "version": JSONValue(version),
            "seq": JSONValue(seq), "epoch": JSONValue(epoch), "durable_seq": durableSeq.map { JSONValue($0) } ?? .null,
            "family": .string(posterior.family), "rule": .string(rule),
            "layout": layout ?? Self.layout(of: learner),
            "metrics": ControlJSON.metrics(metrics), "member": .string(leader.name), "members": .array(members),
        ]
        if let noise = m.noise { header["dof"] = JSONValue(noise.dof) }
        for (key, scores) in windows { header[key] = ControlJSON.metrics(scores.mapValues { Optional($0) }) }
        if let scaler = m.scaler {
            header["inputs"] = ["mean": JSONValue(scaler.mean), "scale": JSONValue(scaler.scale)]
        }
        if m.targetScaler != nil {
            let (offset, scale) = m.targetUnits
            header["target"] = ["mean": JSONValue(offset), "scale": JSONValue(scale)]
        }
        return OutboundMessage(topic: "model/\(model)", header: header, arrays: [posterior.mean, precision])
    }
}
