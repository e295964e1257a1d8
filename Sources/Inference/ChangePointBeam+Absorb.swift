import RealModule

extension ChangePointBeam {
    /// Adds a labelled batch, with −log p_main(yᵢ) of each row under the main hypothesis; returns the verdict
    /// when a chunk is complete, nil while rows are still gathering.
    ///
    /// - Parameters:
    ///   - anchor: the learner's anchor member as it is now, from which a challenger is born.
    ///   - noiseMemory: the examples' worth of a learned noise variance a newborn keeps (`DriftResponse`).
    mutating func absorb(_ batch: Batch, mainSurprise: [Double], anchor: Member, noiseMemory: Double) -> Verdict? {
        guard let y = batch.y, batch.count > 0 else { return nil }
        pendingX += batch.x
        pendingY += y
        pendingSurprise += mainSurprise
        guard pendingY.count >= settings.chunk else { return nil }
        // Rows of validated batches are valid.
        let chunk = try! Batch(x: pendingX, y: pendingY, features: batch.features)
        let surprise = pendingSurprise
        pendingX = []
        pendingY = []
        pendingSurprise = []
        return step(chunk, mainSurprise: surprise, anchor: anchor, noiseMemory: noiseMemory)
    }

    /// One chunk: growth of every hypothesis, the newborn, learning, pruning (Adams & MacKay 2007, eq. 3–5).
    mutating func step(_ chunk: Batch, mainSurprise s0: [Double], anchor: Member, noiseMemory: Double) -> Verdict {
        let m = chunk.count
        let y = chunk.y!
        let stay = Double(m) * Double.log(onePlus: -settings.hazard)
        let before = observed
        // Growth: each hypothesis times its predictive of the chunk (before learning it).
        let mainLoss = s0.reduce(0, +)
        mainLogMass += (mainLoss.isFinite ? -mainLoss : -.infinity) + stay
        var raw: [Predictive?] = []
        for c in challengers.indices {
            let p = try? challengers[c].model.predict(chunk.x)
            raw.append(p)
            let loss = p.map { challengers[c].calibrated($0) }?.surprise(labels: y).reduce(0, +) ?? .infinity
            challengers[c].logMass += (loss.isFinite ? -loss : -.infinity) + stay
        }
        // A change inside the chunk, at row τ: rows before it under main, rows from it under the base prior.
        let newborn = Self.newborn(
            mainSurprise: s0, prior: (try? anchor.model.priorPredictive(chunk.x))?.surprise(labels: y))
        var newbornLogMass = Double.log(settings.hazard) + newborn.logLikelihood
        if !newbornLogMass.isFinite { newbornLogMass = -.infinity }
        // Existing challengers learn the chunk, forgetting as the anchor does (one that cannot learn is dropped: its
        // hypothesis has no posterior). Without the anchor's forgetting a challenger is a model with more memory,
        // which a stationary stream prefers to a forgetful main: a false change.
        let alpha = anchor.forgetting.alpha(batchSize: m)
        challengers = zip(challengers, raw).compactMap { c, raw in
            guard let raw, raw.isFinite, let model = try? c.model.updated(with: chunk, forgetting: alpha) else {
                return nil
            }
            var next = c
            next.model = model
            next.calibrator?.update(from: raw, labels: y, forgetting: alpha)
            return next
        }
        sinceSpawn += m
        challengers.removeAll { before + m - $0.born > settings.maxAge }
        let strongest = max(mainLogMass, challengers.map(\.logMass).max() ?? -.infinity)
        // A newborn that wins in its own chunk won as a restart (its evidence is the base prior's) and is born as
        // one; otherwise it is born tempered.
        let restart = newbornLogMass > strongest
        if newbornLogMass.isFinite, before >= settings.warmup, sinceSpawn >= settings.spawnEvery || restart,
            let (model, calibrator) = birth(
                from: anchor, learning: chunk.rows(Array(newborn.tau..<m)), restart: restart, noiseMemory: noiseMemory)
        {
            challengers.append(
                Challenger(model: model, calibrator: calibrator, logMass: newbornLogMass, born: before + newborn.tau))
            sinceSpawn = 0
        }
        normalise()
        while challengers.count > settings.capacity {
            // The least probable, sparing the newest, which has had no time to gather evidence.
            let drop = challengers.indices.dropLast().min { challengers[$0].logMass < challengers[$1].logMass }!
            challengers.remove(at: drop)
        }
        normalise()
        observed += m
        var verdict = Verdict(changeProbability: changeProbability)
        if let best = challengers.indices.max(by: { challengers[$0].logMass < challengers[$1].logMass }),
            challengers[best].logMass > mainLogMass, challengers[best].logMass >= Double.log(settings.confidence)
        {
            verdict.winner = challengers[best]
            verdict.runLength = observed - challengers[best].born
        }
        return verdict
    }

    /// After the learner collapsed onto a winner: it is the new main hypothesis.
    mutating func collapsed(onto winner: Challenger) {
        runStart = winner.born
        collapsed()
    }

    mutating func collapsed() {
        mainLogMass = 0
        challengers = []
        sinceSpawn = 0
    }

    /// Rows a change inside a chunk must leave after it to be scored: one surprising row at the end of a chunk
    /// is an outlier, not a run (with 1 % of targets shifted by 5σ, single rows at a chunk's end won as restarts
    /// and cost the sensitivity alerts a tenth of their recall).
    static let shortestRun = 8

    /// log Σₜ Πᵢ<τ p_main(yᵢ) Πᵢ≥τ p₀(yᵢ) over τ = 0..<m − 7 (every τ in a chunk shorter than 16), and the τ with
    /// the largest term (0 when the prior's predictive is unavailable).
    static func newborn(mainSurprise s0: [Double], prior: [Double]?) -> (logLikelihood: Double, tau: Int) {
        guard let prior, prior.count == s0.count, !s0.isEmpty else { return (-.infinity, 0) }
        let m = s0.count
        let last = m >= 2 * shortestRun ? m - shortestRun : m - 1
        // term(τ) = −Σ_{i<τ} s0ᵢ − Σ_{i≥τ} priorᵢ, built from the suffix sums of the prior's surprise.
        var terms = [Double](repeating: 0, count: last + 1)
        var suffix = prior.reduce(0, +)
        var prefix = 0.0
        for tau in 0...last {
            terms[tau] = -(prefix + suffix)
            prefix += s0[tau]
            suffix -= prior[tau]
        }
        guard let top = terms.max(), top.isFinite else { return (-.infinity, 0) }
        return (Likelihood.logSumExp(terms), terms.firstIndex(of: top)!)
    }

    /// A challenger born at τ: the anchor tempered to `birthMemory` examples' worth (a restart: to nothing; its
    /// learned noise keeping `noiseMemory`), then learning the chunk's rows from τ; and the anchor's calibrator
    /// tempered alike. A calibrator kept whole carries the old regime's map with all its evidence: on SEA, applied
    /// to the young run after a collapse it cost 3 nats a chunk, and a second run won a false confirmation.
    func birth(from member: Member, learning rows: Batch, restart: Bool, noiseMemory: Double) -> (Model, Calibrator?)? {
        let anchor = member.model
        let seen = max(evidence(of: member), 1)
        // A restart keeps nothing of the weights: α small enough that the old evidence is below one example's.
        let alpha = restart ? min(1, 1e-3 / Double(max(anchor.examplesSeen, 1))) : min(1, settings.birthMemory / seen)
        var noiseAlpha = alpha
        if let noise = anchor.noise, let prior = anchor.spec.noise {
            let evidence = noise.evidence(over: prior)
            if evidence > noiseMemory { noiseAlpha = max(alpha, noiseMemory / evidence) } else { noiseAlpha = 1 }
        }
        guard let model = try? anchor.updated(with: rows, forgetting: alpha, noiseForgetting: noiseAlpha) else {
            return nil
        }
        var calibrator = member.calibrator
        calibrator?.forget(alpha)
        return (model, calibrator)
    }

    /// The examples' worth of evidence in the anchor's posterior: those of its run (since the last confirmed
    /// change, which began with `birthMemory`), capped by its own memory. Tempering by examples seen instead gave
    /// a member with a memory of 2000 examples 3–10 examples' worth, a near-restart whose noise won false alarms on
    /// a stationary stream at small batches.
    func evidence(of member: Member) -> Double {
        let run = Double(observed - runStart) + (runStart > 0 ? settings.birthMemory : 0)
        var evidence = min(Double(member.model.examplesSeen), run)
        if case .memory(let m) = member.forgetting { evidence = min(evidence, m) }
        return evidence
    }

    /// Normalises the masses of main and the challengers (log-sum-exp).
    mutating func normalise() {
        let top = max(mainLogMass, challengers.map(\.logMass).max() ?? -.infinity)
        guard top.isFinite else {
            // Every hypothesis gave the chunk probability 0 (a non-finite prediction): keep main, as the learner
            // itself refuses such a batch.
            collapsed()
            return
        }
        let total = Likelihood.logSumExp([mainLogMass] + challengers.map(\.logMass))
        mainLogMass -= total
        for c in challengers.indices { challengers[c].logMass -= total }
        challengers.removeAll { !$0.logMass.isFinite }
    }
}

extension ChangePointBeam.Challenger {
    /// This hypothesis' calibrated predictive from its model's raw one.
    func calibrated(_ raw: Predictive) -> Predictive { calibrator?.apply(to: raw) ?? raw }
}
