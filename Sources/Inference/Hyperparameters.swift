/// The per-model settings of the rules, named as in docs/PROTOCOL.md §8 and the IVON paper.
///
/// Defaults (`defaults(for:network:)`) are chosen for streaming with the posterior as prior, one update per
/// batch (an MLP: `steps`), on online-standardised features:
/// - `learningRate` α = 1 for linear models: with the preconditioner (h + δ) the step is a Newton step and
///   α = 1 is the exact conjugate update on a Gaussian model (ρ = 1 in Khan & Rue). An MLP takes α = 1 too,
///   its overshoot being bounded by the rule's step length ρ (`VariationalRule`): with the posterior as prior
///   each batch adds its whole precision λh, so a step that moves the mean only α of the way loses the rest of
///   the batch for good. IVON's MLP (hidden [32] tanh, batch 64, mean of seeds 0–3, calibrated log-loss / NLL)
///   at α = 0.1 and α = 1 with the other defaults: bananas 0.470 / 0.329, hyperplane_gradual 0.212 / 0.203,
///   linreg_stationary 1.53 / 1.15 (sea_abrupt 0.343 / 0.344). Before any of the MLP's changes (α = 0.1, one
///   step, no fading): bananas 0.652, hyperplane 0.295, sea 0.366, linreg 1.76; linear IVON: 0.686, 0.256, 0.353,
///   0.778.
/// - `steps` = 4 for an MLP: IVON/VOGN iterations on each batch with the prior held fixed (a linear readout
///   takes its one exact step). 1 / 4 / 8 steps: bananas 0.384 / 0.329 / 0.326, linreg_stationary 1.30 / 1.15 /
///   1.15, linreg_switch 1.34 / 1.21 / 1.23, at 1.3× / 1× / 0.75× the samples per second of 4.
/// - `fadingMemory` = 1000 examples for an MLP, none (∞) for linear readouts (`Forgetting.fade`): the mean-field
///   precision of an MLP's hidden units is accumulated at means that later move, and it pins them. Memory
///   250 / 500 / 1000 / 2000 / ∞: hyperplane_gradual 0.206 / 0.203 / 0.203 / 0.204 / 0.230, linreg_stationary
///   1.20 / 1.17 / 1.15 / 1.18 / 1.36, linreg_switch 1.29 / 1.26 / 1.21 / 1.22 / 1.34, bananas 0.333 / 0.328 /
///   0.329 / 0.335 / 0.357 (sea_abrupt 0.343–0.347 throughout).
/// - `ess` = the batch size n: each batch adds n·h of precision, which is exact Bayes for a batch of n
///   examples. Setting it tempers the likelihood by ess/n.
/// - `beta1` = 0: in a stream every earlier batch is already in the prior; momentum would count its
///   gradient twice. IVON's bias-corrected momentum is there for `beta1` > 0.
/// - `beta2` = 0.95 (IVON) / 0.9 (VOGN): a stream shows each example once, so the Hessian average must
///   forget in tens of batches, not IVON's 10⁵ training steps. On linear-Gaussian streams (256 batches,
///   4 seeds) β₂ = 0.99 left IVON's variances 38 % (d = 1) / 66 % (d = 10) off because h₀ lingered; VOGN's
///   Gauss–Newton curvature is exact for linear models and needs less averaging.
/// - `hessInit` = the likelihood's curvature at f = 0 (gaussian 1/σ², bernoulli and categorical ¼, poisson 1):
///   on standardised features that is the per-example Hessian of one coordinate at the prior mean. A fixed
///   h₀ = 1 on a σ² = 0.25 regression made IVON's first steps 4× too long: prequential RMSE 2.9 over the
///   first 2000 examples of linreg_stationary against 0.9 for exact Bayes. `clipRadius` = 10 (per
///   coordinate, in standardised units).
/// - `mcSamples` = 4 for IVON (two antithetic pairs θ = m ± σε: its ĥ shares one draw across the batch and is
///   noisy; 2 draws left 26 % in the 10-D variances, 4 leave ≤ 14 %), 2 for VOGN (exact curvature). An MLP
///   draws anew at each of its steps; 8 draws per step did not pay for their cost (IVON: bananas 0.336 against
///   0.329, linreg_stationary 1.145 against 1.151, at 0.8× the samples per second).
/// - `newtonIterations` = 20; `newtonTolerance` = 1e-8 (full) / 1e-4 (diagonal, block): Laplace stops at the
///   first iterate within that many posterior standard deviations of the mode (the Newton decrement). Full Newton
///   converges quadratically, so 1e-8 costs about one extra iteration; the diagonal iteration converges linearly,
///   and 1e-4 sd is already statistically nothing. Block Newton–CG pays a factorisation per class per iteration:
///   1e-4 took a 10-class, 64-feature stream from 4.6 to 2.9 ms a batch with the same log-loss (0.20694).
///   `seed` = 0.
public struct Hyperparameters: Sendable, Hashable {
    public var learningRate: Double
    public var ess: Double?
    public var beta1: Double
    public var beta2: Double
    public var hessInit: Double
    public var mcSamples: Int
    public var clipRadius: Double
    public var newtonIterations: Int
    public var newtonTolerance: Double
    public var seed: UInt64
    /// Monte-Carlo samples for predictive distributions that have no closed form (MLPs).
    public var predictiveSamples: Int
    /// IVON/VOGN iterations on each batch of an MLP (a linear readout takes one).
    public var steps: Int
    /// IVON/VOGN: examples over which the prior's precision fades towards the base prior's before each batch
    /// (`Forgetting.fade`); ∞: none.
    public var fadingMemory: Double

    public init(
        learningRate: Double, ess: Double?, beta1: Double, beta2: Double, hessInit: Double, mcSamples: Int,
        clipRadius: Double, newtonIterations: Int, newtonTolerance: Double, seed: UInt64, predictiveSamples: Int,
        steps: Int = 1, fadingMemory: Double = .infinity
    ) {
        self.learningRate = learningRate
        self.ess = ess
        self.beta1 = beta1
        self.beta2 = beta2
        self.hessInit = hessInit
        self.mcSamples = mcSamples
        self.clipRadius = clipRadius
        self.newtonIterations = newtonIterations
        self.newtonTolerance = newtonTolerance
        self.seed = seed
        self.predictiveSamples = predictiveSamples
        self.steps = steps
        self.fadingMemory = fadingMemory
    }

    public static func defaults(
        for rule: Rule, network: Network = .linear(bias: true), posterior: PosteriorForm = .full,
        likelihood: Likelihood? = nil
    ) -> Hyperparameters {
        let mlp = !network.hasLinearReadout
        return Hyperparameters(
            learningRate: network.isLinear || mlp ? 1 : 0.1, ess: nil, beta1: 0, beta2: rule == .vogn ? 0.9 : 0.95,
            hessInit: likelihood?.referenceCurvature ?? 1, mcSamples: rule == .ivon ? 4 : 2, clipRadius: 10,
            newtonIterations: 20,
            newtonTolerance: posterior == .full ? 1e-8 : 1e-4, seed: 0,
            predictiveSamples: 64, steps: mlp ? 4 : 1, fadingMemory: mlp ? 1000 : .infinity)
    }

    func validate() throws {
        func bad(_ name: String, _ value: Any, _ reason: String) -> InferenceError {
            .invalidHyperparameter(name: name, value: "\(value)", reason: reason)
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw bad("learning_rate", learningRate, "must be positive and finite")
        }
        if let ess { guard ess > 0, ess.isFinite else { throw bad("ess", ess, "must be positive and finite") } }
        guard (0..<1).contains(beta1) else { throw bad("beta1", beta1, "must be in [0, 1)") }
        guard (0..<1).contains(beta2) else { throw bad("beta2", beta2, "must be in [0, 1)") }
        guard hessInit > 0, hessInit.isFinite else { throw bad("hess_init", hessInit, "must be positive and finite") }
        guard mcSamples >= 1 else { throw bad("mc_samples", mcSamples, "must be at least 1") }
        guard clipRadius > 0 else { throw bad("clip_radius", clipRadius, "must be positive (inf disables clipping)") }
        guard newtonIterations >= 1 else { throw bad("newton_iterations", newtonIterations, "must be at least 1") }
        guard newtonTolerance >= 0, newtonTolerance.isFinite else {
            throw bad("newton_tolerance", newtonTolerance, "must be ≥ 0 and finite")
        }
        guard predictiveSamples >= 1 else { throw bad("predictive_samples", predictiveSamples, "must be at least 1") }
        guard steps >= 1 else { throw bad("steps", steps, "must be at least 1") }
        guard fadingMemory > 0, !fadingMemory.isNaN else {
            throw bad("fading_memory", fadingMemory, "must be positive (inf: none)")
        }
    }
}
