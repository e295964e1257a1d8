/// What a learner does about drift. The detector is Bayesian online change-point inference (`beam`, the
/// default: `ChangePointBeam`), or, when `beam` is nil, a CUSUM on the surprise of its published predictions
/// (`detector`, `drift_detector = "cusum"`). When it `acts` (forgetting = "adaptive"), a confirmed change
/// collapses the learner onto the winning run (`Learner.learn`), forgetting the other members' weights with
/// α = 1 − P(change)(1 − `alarmFactor`) — graded by how sure the detector is — and a CUSUM alarm forgets them with
/// α = `alarmFactor`; either way members learn only the rows from the change point the batch shows
/// (`ChangePoint`), and keep at most `noiseMemory` examples' worth of a learned noise variance (a change of
/// concept rarely changes the noise; forgetting it too cost 0.002 nats on linreg_switch). Without `acts` changes
/// are only reported.
///
/// References: Page, "Continuous inspection schemes", Biometrika 1954; Khan & Rue 2023, §5.4 (forgetting as
/// tempering the old posterior); Kurle et al., "Continual learning with Bayesian neural networks for
/// non-stationary data", ICLR 2020.
public struct DriftResponse: Sendable, Equatable {
    public var detector: DriftDetector
    public var beam: ChangePointBeam?
    public var acts: Bool
    public var alarmFactor: Double
    public var noiseMemory: Double

    public init(
        detector: DriftDetector = DriftDetector(), beam: ChangePointBeam? = ChangePointBeam(), acts: Bool,
        alarmFactor: Double = 1e-4, noiseMemory: Double = 128
    ) {
        self.detector = detector
        self.beam = beam
        self.acts = acts
        self.alarmFactor = alarmFactor
        self.noiseMemory = noiseMemory
    }

    /// `bocpd` or `cusum`, as `drift_detector` names it.
    public var detectorName: String { beam == nil ? "cusum" : "bocpd" }
}
