import Decode
import Inference
import Tabular

/// What `show` reports about one snapshot.
struct PosteriorSummary {
    let loaded: LoadedSnapshot
    let names: ParameterNames
    let mean: [Double]
    let variance: [Double]
    let klPrior: Double
    let entropy: Double
    /// Indices of the largest |mean|, largest first.
    let largest: [Int]
    let metrics: [String: Double]

    init(_ loaded: LoadedSnapshot, top: Int) throws {
        self.loaded = loaded
        let model = loaded.model
        names = ParameterNames(model.spec.architecture.layout)
        let posterior = loaded.posterior  // as model/ reports it (the marginal for a learned noise)
        let mean = posterior.mean
        self.mean = mean
        variance = posterior.variance
        klPrior = try GaussianDivergence.kl(posterior, model.basePrior)
        entropy = posterior.entropy
        largest = Spread.largest(mean.map(abs), count: top)
        metrics = loaded.blob.state.metrics.summary
    }

    var json: JSONValue {
        let r = loaded.record
        let spec = loaded.model.spec
        let meanSpread = Spread(mean)
        let varianceSpread = Spread(variance)
        var fields: [String: JSONValue] = [
            "model": .string(r.model), "version": JSONValue(r.version),
            "epoch": JSONValue(loaded.position?.epoch ?? r.epoch),
            "seq": loaded.position.map { JSONValue($0.seq) } ?? .null,
            "time": .string(Format.preciseTime(r.createdAt)), "reason": .string(r.reason.rawValue),
            "rule": .string(spec.rule.rawValue), "family": .string(loaded.posterior.family),
            "likelihood": ModelDescription.likelihoodJSON(spec.likelihood, noise: spec.noise),
            "network": ModelDescription.networkJSON(spec.network), "features": JSONValue(spec.features),
            "standardize": .bool(spec.standardize), "prior_precision": JSONValue(spec.priorPrecision),
            "dimension": JSONValue(mean.count), "layout": ModelDescription.layoutJSON(names.layout),
            "batches": JSONValue(loaded.model.batchesSeen), "examples": JSONValue(loaded.model.examplesSeen),
            "entropy": JSONValue(entropy), "kl_prior": JSONValue(klPrior),
            "mean": .object([
                "min": JSONValue(meanSpread?.min ?? .nan), "median": JSONValue(meanSpread?.median ?? .nan),
                "max": JSONValue(meanSpread?.max ?? .nan),
                "largest": .array(
                    largest.map { i in
                        [
                            "name": .string(names.name(of: i)), "index": JSONValue(i), "mean": JSONValue(mean[i]),
                            "sd": JSONValue(variance[i].squareRoot()),
                        ]
                    }),
            ]),
            "variance": .object([
                "min": JSONValue(varianceSpread?.min ?? .nan), "median": JSONValue(varianceSpread?.median ?? .nan),
                "max": JSONValue(varianceSpread?.max ?? .nan),
            ]),
            "metrics": MetricsJSON.json(metrics),
        ]
        fields["drift"] = loaded.blob.learner.drift.summaryJSON
        let learner = loaded.blob.learner
        fields["member"] = .string(learner.members[learner.leader].name)
        fields["members"] = .array(
            zip(learner.members, learner.weights).map { member, weight in
                [
                    "name": .string(member.name), "weight": JSONValue(weight),
                    "rule": .string(member.model.spec.rule.rawValue),
                    "family": .string(member.model.posterior.family),
                    "network": ModelDescription.networkJSON(member.model.spec.network),
                    "examples": JSONValue(member.model.examplesSeen),
                ]
            })
        return .object(fields)
    }

    var text: String {
        let r = loaded.record
        let spec = loaded.model.spec
        func spread(_ s: Spread?) -> String {
            guard let s else { return "-" }
            return "min \(Format.number(s.min))  median \(Format.number(s.median))  max \(Format.number(s.max))"
        }
        var pairs: [(String, String)] = [
            ("snapshot", "\(loaded.label)  (\(r.reason.rawValue), \(Format.time(r.createdAt)))"),
            ("seq", Format.position(epoch: loaded.position?.epoch ?? r.epoch, seq: loaded.position?.seq)),
            ("rule", spec.rule.rawValue),
            ("posterior", loaded.posterior.family),
            ("likelihood", ModelDescription.likelihood(spec.likelihood, noise: spec.noise)),
            ("network", ModelDescription.network(spec.network)),
            ("features", "\(spec.features)" + (spec.standardize ? " (standardised online)" : "")),
            ("dimension", "\(mean.count)"),
            ("layout", names.summary),
            ("learned", "\(loaded.model.batchesSeen) batches, \(loaded.model.examplesSeen) examples"),
            ("mean", spread(Spread(mean))),
            ("variance", spread(Spread(variance))),
            ("entropy", "\(Format.number(entropy)) nats"),
            ("KL(q‖prior)", "\(Format.number(klPrior)) nats (prior N(0, I/\(Format.number(spec.priorPrecision))))"),
            ("metrics", metrics.isEmpty ? "-" : Format.allMetrics(metrics)),
        ]
        let drift = loaded.blob.learner.drift
        if let beam = drift.beam {
            pairs.append(
                (
                    "drift",
                    "bocpd: P(change) \(Format.number(beam.changeProbability)), run of \(beam.runLength) examples, "
                        + "\(beam.challengers.count + 1) hypotheses"
                ))
        } else {
            pairs.append(
                (
                    "drift",
                    "cusum: statistic \(Format.number(drift.detector.statistic)) of threshold \(Format.number(drift.detector.threshold))"
                ))
        }
        let learner = loaded.blob.learner
        if learner.members.count > 1 {
            let list = zip(learner.members, learner.weights).map { "\($0.name) \(Format.number($1))" }.joined(
                separator: ", ")
            pairs.insert(("members", list + " (shown: \(learner.members[learner.leader].name), the heaviest)"), at: 3)
        }
        var text = TextTable.fields(pairs)
        if !largest.isEmpty {
            var table = TextTable(["PARAMETER", "MEAN", "SD"], rightAligned: [1, 2])
            for i in largest {
                table.append([names.name(of: i), Format.number(mean[i]), Format.number(variance[i].squareRoot())])
            }
            text += "\n\nlargest |mean|\n" + table.render(indent: "  ")
        }
        return text
    }
}
