import Inference

extension OutboundEncoder {
    /// `model/<model>`, published after each update (CONTRACT §4). Header: model, stream, version, seq, epoch,
    /// durable_seq (`null` before the first snapshot), family, rule, layout `[{name, shape}]` in flattening order,
    /// metrics (nil and non-finite values omitted). Frames: the mean, then the precision.
    ///
    /// One member is published as itself (its family, layout, mean, precision: p × p for a full Gaussian, p for a
    /// diagonal one);
    /// several (`auto`) as family `mixture`, whose `layout` lists every member's blocks prefixed `member/`, whose
    /// mean frame concatenates the members' means and whose precision frame concatenates their precisions
    /// (p × p each for a full member, p for a diagonal one, K blocks of (d + 1)² for a block one, block k over
    /// [weight row k, bias k]). Extensions in the header: `members`, one object per
    /// member in frame order with its `name`, `weight`, `family`, `rule`, `parameters`, `forgetting`,
    /// `calibrator` and, for a learned noise variance, `noise` {dof, variance}; `dof` on a single Student-t member.
    /// A learned-noise member's precision is that of its weights' marginal, P·a/β (a multivariate t with `dof`
    /// degrees of freedom).
    public static func model(
        model: String, stream: String, version: Int, seq: UInt64, epoch: UInt64 = 0, durableSeq: UInt64?,
        rule: String, learner: Learner, metrics: [String: Double?], pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        var means: [Double] = []
        var precisions: [Double] = []
        var layout: [JSONValue] = []
        var members: [JSONValue] = []
        let single = learner.members.count == 1
        for (member, weight) in zip(learner.members, learner.weights) {
            let m = member.model
            let posterior = m.posterior
            means += posterior.mean
            let factor = m.noise.map { 1 / $0.scale } ?? 1
            precisions += factor == 1 ? posterior.publishedPrecision : posterior.publishedPrecision.map { $0 * factor }
            for block in m.spec.architecture.layout {
                layout.append(.object([
                    "name": .string(single ? block.name : "\(member.name)/\(block.name)"),
                    "shape": .array(block.shape.map { JSONValue($0) }),
                ]))
            }
            var fields: [String: JSONValue] = [
                "name": .string(member.name), "weight": JSONValue(weight), "family": .string(posterior.family),
                "rule": .string(m.spec.rule.rawValue), "parameters": JSONValue(posterior.dimension),
                "examples": JSONValue(m.examplesSeen),
            ]
            switch member.forgetting {
            case .none: fields["forgetting"] = "none"
            case .perBatch(let a): fields["forgetting"] = JSONValue(a)
            case .memory(let examples): fields["forgetting"] = ["memory": JSONValue(examples)]
            }
            if let calibrator = member.calibrator {
                fields["calibrator"] = .object(calibrator.summary.mapValues { JSONValue($0) })
            }
            if let noise = m.noise {
                let s = m.targetUnits.scale
                fields["noise"] = ["dof": JSONValue(noise.dof), "variance": JSONValue(noise.rate / (noise.shape - 1) * s * s)]
            }
            members.append(.object(fields))
        }
        var header: [String: JSONValue] = [
            "model": .string(model), "stream": .string(stream), "version": JSONValue(version),
            "seq": JSONValue(seq), "epoch": JSONValue(epoch), "durable_seq": durableSeq.map { JSONValue($0) } ?? .null,
            "family": .string(single ? learner.members[0].model.posterior.family : "mixture"), "rule": .string(rule),
            "layout": .array(layout), "metrics": ControlJSON.metrics(metrics), "members": .array(members),
        ]
        if single, let noise = learner.members[0].model.noise { header["dof"] = JSONValue(noise.dof) }
        return frames(topic: "model/\(model)", header: header, pubseq: pubseq, instance: instance, arrays: [means, precisions])
    }
}
