import RealModule

/// Bayesian online change-point inference over a bounded beam of run-length hypotheses (Adams & MacKay 2007),
/// each hypothesis carrying a BLR posterior of its own.
///
/// Hypotheses: "no change since the last one" — the learner itself, whose predictive is its published mixture
/// (`main`) — and up to `capacity` *challengers*, each "the stream changed at τ": the learner's anchor member
/// (its linear model) tempered at τ to `birthMemory` examples' worth of evidence and learning every example
/// since. Tempering rather than restarting from the base prior is the broadened prior of Variational Beam Search
/// (Li, Qiao, Mandt et al., "Detecting and adapting to irregular distribution shifts in Bayesian online
/// learning", NeurIPS 2021, §3): a new regime is a priori near the old one, so a small shift (SEA's threshold
/// moving by 1) is learned from a few hundred examples instead of the thousands a restart pays.
///
/// Each chunk of m examples (whole batches, or batches of one gathered until `chunk` examples) updates the log
/// masses with the hypotheses' prequential likelihoods and the hazard H per example (Adams & MacKay eq. 3–5):
///
///     log P(h) ← log P(h) + Σᵢ log pₕ(yᵢ) + m·log(1 − H)                      (growth)
///     log P(new) = log H + logsumexpₜ [Σ_{i<τ} log p_main(yᵢ) + Σ_{i≥τ} log p₀(yᵢ)]     (a change inside the chunk)
///
/// then normalises. A change inside the chunk is scored with the base prior's predictive p₀ for the rows from
/// τ on (the split of `ChangePoint`): a conservative stand-in for the new regime's sequential predictive that
/// catches a jump (linreg_switch) in the batch it happens. The newborn joins the beam every `spawnEvery`
/// examples, or at once when it holds the most mass; the beam keeps `capacity` challengers, dropping the least
/// probable one other than the newest (beam search over change histories, Li et al. §3.2).
///
/// Until a change is confirmed the published predictive is the mixture Σₕ P(h)pₕ, hypotheses under 1 % left out as
/// the member weights are: the model already leans towards a likely change, in proportion to its probability. The
/// change is *confirmed* — the learner collapses onto the winning run (`Learner.learn`), which cannot be undone —
/// when one run holds `confidence` (0.9) of the mass: the Bayes decision when a false collapse costs nine times a
/// delayed one, and a delay costs little while the mixture already predicts with the new run. Confirming at the MAP
/// (a run above main) raised 2 false alarms in 21 200 examples of bananas with a linear model, at P = 0.65.
///
/// A challenger that has not won within `maxAge` examples (4096) is dropped: it and main have by then learned
/// nearly the same data, and their log odds only wander — on SEA one such run, 19 000 examples old, crossed 0.9 by
/// the small edge of a pure linear model over the mixture. A change worth confirming wins in a few hundred
/// examples (SEA: 75–200; drift_detectors.csv matches an alarm up to 5000 after the change); a slower drift is what
/// the members' forgetting tracks.
///
/// Costs: `capacity` copies of the anchor member, learning once per chunk (a linear model: O(m·p²) each).
public struct ChangePointBeam: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        /// H, the prior probability of a change per example.
        public var hazard: Double
        /// Challengers kept.
        public var capacity: Int
        /// Examples between challengers born on schedule.
        public var spawnEvery: Int
        /// Examples gathered before the beam is updated (a batch larger than this is one chunk).
        public var chunk: Int
        /// The evidence, in examples, a challenger keeps of the anchor's posterior at its birth.
        public var birthMemory: Double
        /// Examples before the first challenger: a change needs a past to change from.
        public var warmup: Int
        /// The posterior probability a run must reach for the change to be confirmed (see the type's comment).
        public var confidence: Double
        /// Examples a challenger may take to win; older ones are dropped (see the type's comment).
        public var maxAge: Int

        public init(
            hazard: Double = 3e-4, capacity: Int = 2, spawnEvery: Int = 64, chunk: Int = 64, birthMemory: Double = 100,
            warmup: Int = 512, confidence: Double = 0.9, maxAge: Int = 4096
        ) {
            self.hazard = hazard
            self.capacity = capacity
            self.spawnEvery = spawnEvery
            self.chunk = chunk
            self.birthMemory = birthMemory
            self.warmup = warmup
            self.confidence = confidence
            self.maxAge = maxAge
        }
    }

    /// One "changed at τ" hypothesis.
    public struct Challenger: Sendable, Equatable {
        public var model: Model
        /// The anchor's calibrator at birth, learning since from this model's own predictions: the hypotheses
        /// are compared by calibrated predictives, as the learner publishes them (raw, a linear model on SEA
        /// loses 0.08 nats per example to its calibrated self, and no challenger could win a small shift).
        public var calibrator: Calibrator?
        /// log P(this hypothesis), normalised with `main` and the other challengers.
        public var logMass: Double
        /// The beam's example count at the change point τ.
        public var born: Int
    }

    public let settings: Settings
    /// Examples the beam has absorbed (chunks processed).
    public internal(set) var observed = 0
    /// Where the main run began (the beam's example count at the last confirmed change; 0 before any).
    public internal(set) var runStart = 0
    /// log P(no change since the last confirmed one).
    public internal(set) var mainLogMass = 0.0
    public internal(set) var challengers: [Challenger] = []
    /// Examples absorbed since the last challenger was born.
    public internal(set) var sinceSpawn = 0
    /// Rows waiting for a full chunk: x (row-major), y, and −log p_main(y).
    public internal(set) var pendingX: [Double] = []
    public internal(set) var pendingY: [Double] = []
    public internal(set) var pendingSurprise: [Double] = []

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// The MAP run length, in examples: main's, as main is the MAP hypothesis between confirmed changes.
    public var runLength: Int { observed - runStart }

    /// P(a change since the last confirmed one): the mass off `main`.
    public var changeProbability: Double { 1 - Double.exp(mainLogMass) }

    /// The weights of the published mixture: main first, then each challenger; hypotheses under `Learner.pruning`
    /// left out and the rest renormalised (all on main when none qualifies).
    public var publishedWeights: [Double] {
        Learner.pruned([Double.exp(mainLogMass)] + challengers.map { Double.exp($0.logMass) })
    }

    /// What absorbing a chunk concluded.
    public struct Verdict: Sendable, Equatable {
        /// P(change) after the chunk.
        public var changeProbability: Double
        /// The challenger now holding more mass than main (the change is confirmed), with its run length in
        /// examples; the caller collapses onto it and calls `collapsed()`.
        public var winner: Challenger?
        public var runLength: Int?
    }
}

extension ChangePointBeam.Settings {
    /// Covariance entries the beam's challengers may hold in all: 2 of a model with up to 4096 entries (a full
    /// posterior up to d = 63).
    static let entryBudget = 2 * 4096

    /// These settings for an anchor with this posterior: as many challengers (at most `capacity`, at least one)
    /// as `entryBudget` affords, born as much less often. A challenger learns at the anchor's cost, so the beam
    /// costs `capacity` anchors: a block-Laplace softmax at d = 64, K = 10 (42 250 entries) took the digits stream's
    /// `auto` to 0.43× its speed with four challengers born every chunk.
    ///
    /// Why 2 by default: on the public streams 2 challengers confirm the same changes at the same delays as 4
    /// (SEA: 152, 112, 72 examples; recovery 0.8623 both) and cost 15 % less in process; hyperplane's log-loss
    /// is 0.2132 against 0.2123 with 4 (0.2157 with the CUSUM).
    public func fitted(to posterior: Posterior) -> Self {
        let entries: Int =
            switch posterior {
            case .full(let q): q.dimension * q.dimension
            case .diagonal(let q): q.dimension
            case .block(let q): q.outputs * q.size * q.size
            }
        var out = self
        out.capacity = max(1, min(capacity, Self.entryBudget / max(entries, 1)))
        out.spawnEvery = spawnEvery * max(1, capacity / out.capacity)
        return out
    }
}
