/// What a learner does about drift: a CUSUM detector on the surprise of its published predictions, and — when it
/// `acts` (forgetting = "adaptive") — on an alarm, strong forgetting of every member's weights (α =
/// `alarmFactor`), learning only the rows from the change point the batch shows (`ChangePoint`), and keeping
/// at most `noiseMemory` examples' worth of a learned noise variance (a change of concept rarely changes the
/// noise; forgetting it too cost 0.002 nats on linreg_switch). Without `acts` alarms are only reported.
///
/// References: Page, "Continuous inspection schemes", Biometrika 1954; Khan & Rue 2023, §5.4 (forgetting as
/// tempering the old posterior); Kurle et al., "Continual learning with Bayesian neural networks for
/// non-stationary data", ICLR 2020.
public struct DriftResponse: Sendable, Equatable {
    public var detector: DriftDetector
    public var acts: Bool
    public var alarmFactor: Double
    public var noiseMemory: Double

    public init(detector: DriftDetector = DriftDetector(), acts: Bool, alarmFactor: Double = 1e-4, noiseMemory: Double = 128) {
        self.detector = detector
        self.acts = acts
        self.alarmFactor = alarmFactor
        self.noiseMemory = noiseMemory
    }
}
