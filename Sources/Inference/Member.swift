import RealModule

/// How much of its past a member keeps before each batch: none forgotten, a fixed α per batch, or an effective
/// memory of M examples (α = exp(−n/M) for a batch of n, whatever the batch size).
public enum MemberForgetting: Sendable, Hashable {
    case none
    case perBatch(Double)
    case memory(Double)

    func alpha(batchSize n: Int) -> Double {
        switch self {
        case .none: return 1
        case .perBatch(let a): return a
        case .memory(let m): return m.isFinite ? Double.exp(-Double(n) / m) : 1
        }
    }
}

/// One model of a `Learner`: its posterior, its calibrator and its forgetting.
public struct Member: Sendable, Equatable {
    public let name: String
    public internal(set) var model: Model
    public internal(set) var calibrator: Calibrator?
    public let forgetting: MemberForgetting

    public init(name: String, spec: ModelSpec, calibrated: Bool = true, forgetting: MemberForgetting = .none) throws {
        self.name = name
        model = try Model(spec: spec)
        calibrator = calibrated ? Calibrator.forModel(spec) : nil
        self.forgetting = forgetting
    }

    public init(name: String, model: Model, calibrator: Calibrator?, forgetting: MemberForgetting) {
        self.name = name
        self.model = model
        self.calibrator = calibrator
        self.forgetting = forgetting
    }
}
