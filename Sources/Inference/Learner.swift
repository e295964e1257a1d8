import RealModule

/// What a configured model is: one or more members (`Member`: a model, its calibrator, its forgetting), their
/// predictive densities averaged with weights learned from their prequential likelihoods, and a drift response.
/// One member is a single rule; several are a Bayesian model average (the `auto` model).
///
/// Weights: after each batch wₘ ∝ wₘ·Πᵢ pₘ(yᵢ) with pₘ the member's calibrated predictive made before the
/// batch's labels were seen (Bayes' rule over members), then fixed share, w ← (1 − γ)w + γ/M with γ = 1 − (1 −
/// ρ)ⁿ for a batch of n and a switching rate ρ per example, so that a member that falls behind can recover when
/// the stream changes (Herbster & Warmuth 1998). The published predictive is the mixture Σₘ wₘpₘ: exact for
/// class probabilities, moment-matched (mean and variance of the mixture) for gaussian and poisson.
///
/// References: Hoeting, Madigan, Raftery & Volinsky, "Bayesian model averaging: a tutorial", Stat. Sci. 1999;
/// Herbster & Warmuth, "Tracking the best expert", Machine Learning 1998 (fixed share); Raftery, Kárný & Ettler,
/// "Online prediction under model uncertainty via dynamic model averaging", Technometrics 2010.
public struct Learner: Sendable, Equatable {
    public internal(set) var members: [Member]
    /// log wₘ, normalised (Σ wₘ = 1).
    public internal(set) var logWeights: [Double]
    /// ρ, the prior probability per example that the best member changes.
    public let switchRate: Double
    public var drift: DriftResponse

    public init(members: [Member], switchRate: Double = 1e-4, drift: DriftResponse) throws {
        guard let first = members.first else { throw InferenceError.unsupported("a learner needs at least one member") }
        guard
            members.allSatisfy({
                $0.model.spec.features == first.model.spec.features
                    && $0.model.spec.likelihood.kind == first.model.spec.likelihood.kind
            })
        else {
            throw InferenceError.unsupported("the members of a learner must share features and likelihood")
        }
        guard switchRate >= 0, switchRate < 1 else {
            throw InferenceError.invalidHyperparameter(
                name: "switch_rate", value: "\(switchRate)", reason: "must be in [0, 1)")
        }
        self.members = members
        logWeights = [Double](repeating: -Double.log(Double(members.count)), count: members.count)
        self.switchRate = switchRate
        self.drift = drift
        if let beam = drift.beam, beam.observed == 0 {
            self.drift.beam = ChangePointBeam(settings: beam.settings.fitted(to: members[anchor].model.posterior))
        }
    }

    public var weights: [Double] { logWeights.map { Double.exp($0) } }
    public var features: Int { members[0].model.spec.features }
    public var likelihood: Likelihood { members[0].model.spec.likelihood }
    /// The member with the largest weight (the first on ties).
    public var leader: Int {
        logWeights.indices.max { logWeights[$0] < logWeights[$1] || (logWeights[$0] == logWeights[$1] && $0 > $1) }!
    }

    /// A batch's predictions before its labels are seen.
    public struct Prediction: Sendable {
        /// The mixture of the calibrated members: what is published and scored.
        public let published: Predictive
        /// The mixture of the members' own predictives (before calibration), scored for comparison.
        public let uncalibrated: Predictive
        /// The members' calibrated mixture alone: the "no change" hypothesis of the change-point beam (equal to
        /// `published` when no challenger holds 1 % of the mass).
        public let main: Predictive
        let raw: [Predictive]
        let calibrated: [Predictive]
        /// Each member's network inputs for the batch (random features are computed once for both steps).
        let inputs: [[Double]]
        /// The leader's memory-perturbation sensitivities (labelled batches).
        public let sensitivities: [Sensitivity]
    }

    public func predict(_ batch: Batch) throws -> Prediction {
        let top = leader
        var raw: [Predictive] = []
        var sensitivities: [Sensitivity] = []
        var inputs: [[Double]] = []
        for (m, member) in members.enumerated() {
            guard batch.features == features else {
                throw InferenceError.shapeMismatch(
                    "batch has \(batch.features) features, the model expects \(features)")
            }
            let z = member.model.inputs(batch.x, count: batch.count)
            inputs.append(z)
            if m == top {
                let both = try member.model.predictionAndSensitivities(batch, inputs: z)
                raw.append(both.predictive)
                sensitivities = both.sensitivities
            } else {
                raw.append(try member.model.predict(batch.x, inputs: z))
            }
        }
        let calibrated = zip(members, raw).map { $0.calibrator?.apply(to: $1) ?? $1 }
        let w = try usableWeights(calibrated)
        let main = Self.mixture(calibrated, weights: w)
        return Prediction(
            published: withChallengers(main, batch.x),
            uncalibrated: withChallengers(Self.mixture(raw, weights: w), batch.x),
            main: main, raw: raw, calibrated: calibrated, inputs: inputs, sensitivities: sensitivities)
    }

    /// The predictive mixed with the change-point beam's challengers that hold at least 1 % of the mass
    /// (Adams & MacKay 2007, eq. 1: the predictive marginalises the run length), when the learner acts on drift;
    /// `main` itself otherwise.
    func withChallengers(_ main: Predictive, _ x: [Double]) -> Predictive {
        guard drift.acts, let beam = drift.beam, !beam.challengers.isEmpty else { return main }
        let w = beam.publishedWeights
        guard w[0] < 1 else { return main }
        var parts = [main]
        var weights = [w[0]]
        for (c, challenger) in beam.challengers.enumerated() where w[c + 1] > 0 {
            guard let p = (try? challenger.model.predict(x)).map(challenger.calibrated), p.isFinite else { continue }
            parts.append(p)
            weights.append(w[c + 1])
        }
        let total = weights.reduce(0, +)
        return Self.mixture(parts, weights: weights.map { $0 / total })
    }

    /// The member a change-point challenger is born from: the first with a linear network (cheap, and the one a
    /// small shift of concept moves), else the first.
    public var anchor: Int { members.firstIndex { $0.model.spec.network.isLinear } ?? 0 }

    /// The published weights over the members whose prediction is finite: a member whose features overflow on an
    /// outlier sits out this batch (and its weight pays for it in `reweigh`); none usable is an error, never a NaN
    /// published.
    func usableWeights(_ predictives: [Predictive]) throws -> [Double] {
        var w = publishedWeights
        for m in w.indices where !predictives[m].isFinite { w[m] = 0 }
        if w.allSatisfy({ $0 == 0 }) {
            // The published ones failed: fall back on any finite member, by weight.
            w = zip(weights, predictives).map { $1.isFinite ? $0 : 0 }
        }
        let total = w.reduce(0, +)
        guard total > 0, total.isFinite else {
            throw InferenceError.nonFiniteResult("every member's prediction (an input far outside the data?)")
        }
        return w.map { $0 / total }
    }

    /// The published predictive of rows x (n × d).
    public func predict(_ x: [Double]) throws -> Predictive {
        let calibrated = try members.map { member in
            let p = try member.model.predict(x)
            return member.calibrator?.apply(to: p) ?? p
        }
        return withChallengers(Self.mixture(calibrated, weights: try usableWeights(calibrated)), x)
    }

    /// Members below this weight are left out of the published mixture.
    public static let pruning = 0.01

    /// The weights of the published mixture: members below `pruning` left out and the rest renormalised, as a
    /// Gaussian-sum filter prunes negligible components (Alspach & Sorenson 1972). Fixed share keeps every
    /// member at ≥ γ/M so it can recover, but a moment-matched gaussian cannot afford a far-off member even at
    /// weight 0.002: on linreg_stationary it inflated the variance enough to cost 0.03 nats and take 90 %
    /// coverage to 0.945.
    public var publishedWeights: [Double] { Self.pruned(weights) }

    /// Weights under `pruning` left out and the rest renormalised (unchanged when none reaches it): the rule of
    /// every published mixture, members' and change-point runs' alike.
    static func pruned(_ w: [Double]) -> [Double] {
        let kept = w.map { $0 >= pruning ? $0 : 0 }
        let total = kept.reduce(0, +)
        guard total > 0 else { return w }
        return kept.map { $0 / total }
    }

    /// What learning one batch did.
    public struct Outcome: Sendable, Equatable {
        /// At least one member learned the batch.
        public var learned = false
        /// Members that refused it, with the reason (their state is unchanged).
        public var refusals: [String] = []
        public var alarm = false
        /// The detector's statistic after this batch.
        public var statistic = 0.0
        /// The α the members' weights were forgotten with on an alarm (nil when the learner only reports).
        public var alarmForgetting: Double?
        /// The change point located in the batch on an alarm, per member.
        public var changeAt: [Int] = []
        /// P(a change since the last confirmed one) after this batch (the change-point beam; nil for a CUSUM, or
        /// while the beam gathers a chunk).
        public var changeProbability: Double?
        /// On a confirmed change: the MAP run length, in examples (the change-point beam).
        public var runLength: Int?
        /// On a confirmed change: the winning run's posterior probability and main's, whose comparison fired.
        public var winnerProbability: Double?
        public var mainProbability: Double?
    }

    /// Learns a labelled batch given the predictions made before its labels were seen: weights, drift, then each
    /// member (its calibrator from its own uncalibrated prediction, its model with its forgetting).
    public mutating func learn(_ batch: Batch, after prediction: Prediction) -> Outcome {
        var outcome = Outcome()
        guard let y = batch.y, batch.count > 0 else { return outcome }
        let n = batch.count
        // A member that has seen nothing predicted with its prior, stated before any statistics of x or y existed:
        // an arbitrary scale, not evidence about the member (on linreg_stationary the wider prior of the random
        // features won the first batch by 48 nats and cost the mixture 50 more on the third).
        if members.allSatisfy({ $0.model.examplesSeen > 0 }) { reweigh(prediction.calibrated, labels: y) }
        var winner: ChangePointBeam.Challenger?
        if var beam = drift.beam {
            let verdict = beam.absorb(
                batch, mainSurprise: prediction.main.surprise(labels: y), anchor: members[anchor],
                noiseMemory: drift.noiseMemory)
            if let verdict {
                outcome.changeProbability = verdict.changeProbability
                if let w = verdict.winner {
                    outcome.alarm = true
                    outcome.runLength = verdict.runLength
                    outcome.winnerProbability = Double.exp(w.logMass)
                    outcome.mainProbability = Double.exp(beam.mainLogMass)
                    outcome.statistic = Double.exp(w.logMass)
                    winner = w
                    beam.collapsed(onto: w)
                }
            }
            drift.beam = beam
        } else {
            let surprise = prediction.published.surprise(labels: y)
            outcome.alarm = drift.detector.observe(surprise.reduce(0, +) / Double(n), count: n)
            outcome.statistic = drift.detector.statistic
        }
        let acting = outcome.alarm && drift.acts
        // A confirmed change forgets the members other than the winner's by how sure it is: the prior of the next
        // batch is the mixture, in natural parameters, of "no change" (α = 1) and "change" (α = alarmFactor),
        // weighted by P(change) — the soft change indicator of Bayesian forgetting (Kurle et al. 2020, §3.2).
        let alarmAlpha =
            winner.map { _ in 1 - (outcome.changeProbability ?? 1) * (1 - drift.alarmFactor) } ?? drift.alarmFactor
        if acting { outcome.alarmForgetting = alarmAlpha }
        // Rows of this batch from the winner's birth (it has learned them; the others learn them from there).
        let winnerStart = winner.map { max(0, $0.born - (drift.beam!.observed - n)) } ?? 0
        for m in members.indices {
            var member = members[m]
            if acting, let winner, m == anchor {
                // The winning run's posterior is this member had it been tempered at τ and learned since; its
                // counts stay the member's, which has now learned this batch from the change point.
                var model = winner.model
                model.examplesSeen = member.model.examplesSeen + n - winnerStart
                model.batchesSeen = member.model.batchesSeen + 1
                member.model = model
                member.calibrator = winner.calibrator
                members[m] = member
                outcome.changeAt.append(winnerStart)
                outcome.learned = true
                continue
            }
            let base = member.forgetting.alpha(batchSize: n)
            var alpha = base
            var noiseAlpha = base
            var rows = batch
            if acting {
                alpha = min(base, alarmAlpha)
                if let noise = member.model.noise, let prior = member.model.spec.noise {
                    let evidence = noise.evidence(over: prior)
                    if evidence > drift.noiseMemory { noiseAlpha = min(base, max(alpha, drift.noiseMemory / evidence)) }
                }
                let tau =
                    winner == nil ? changePoint(member.model, batch, raw: prediction.raw[m], labels: y) : winnerStart
                outcome.changeAt.append(tau)
                if tau > 0, tau < n { rows = batch.rows(tau..<n) }
                // The calibrator maps this model's predictive; the old model is gone, so it starts again.
                member.calibrator?.forget(alpha)
            } else if prediction.raw[m].isFinite {
                member.calibrator?.update(from: prediction.raw[m], labels: y, forgetting: alpha)
            } else {
                member.calibrator?.forget(alpha)
            }
            do {
                // The prediction's inputs are this batch's only when every row is learned.
                let reuse = rows.count == n ? prediction.inputs[m] : nil
                member.model = try member.model.updated(
                    with: rows, forgetting: alpha, noiseForgetting: noiseAlpha, inputs: reuse)
                members[m] = member
                outcome.learned = true
            } catch {
                outcome.refusals.append("\(member.name): \(error)")
            }
        }
        if acting, let p = outcome.changeProbability, winner != nil, members.count > 1 {
            // The weights under "change" put the winner's member first; under "no change" they stay.
            var w = weights.map { (1 - p) * $0 }
            w[anchor] += p
            logWeights = w.map { Double.log(max($0, Double.leastNormalMagnitude)) }
        }
        return outcome
    }

    /// Bayes' rule over the members, then fixed share. A member whose prediction was not finite gets likelihood 0
    /// (fixed share gives it back γ/M); when none was finite the weights stay as they are.
    mutating func reweigh(_ calibrated: [Predictive], labels y: [Double]) {
        guard members.count > 1 else { return }
        var log = logWeights
        for m in members.indices {
            let surprise = calibrated[m].surprise(labels: y).reduce(0, +)
            log[m] = surprise.isFinite ? log[m] - surprise : -.infinity
        }
        guard let top = log.max(), top.isFinite else { return }
        let total = log.reduce(0) { $0 + Double.exp($1 - top) }
        let gamma = 1 - Double.pow(1 - switchRate, Double(y.count))
        let share = gamma / Double(members.count)
        logWeights = log.map { Double.log((1 - gamma) * Double.exp($0 - top) / total + share) }
    }

    /// The change point of the batch for one member: its surprise as it was against its base prior's.
    func changePoint(_ model: Model, _ batch: Batch, raw: Predictive, labels y: [Double]) -> Int {
        guard let prior = try? model.priorPredictive(batch.x) else { return 0 }
        return ChangePoint.locate(old: raw.surprise(labels: y), prior: prior.surprise(labels: y))
    }
}
