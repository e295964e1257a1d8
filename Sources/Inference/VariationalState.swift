/// The optimiser state of the diagonal variational rules (IVON, VOGN), persisted with the posterior:
/// the Hessian estimate h, the gradient momentum ḡ and the step counter t (IVON Algorithm 1).
public struct VariationalState: Sendable, Equatable {
    /// h, the running per-example Hessian (diagonal).
    public internal(set) var hessian: [Double]
    /// ḡ, the running gradient (used when β₁ > 0).
    public internal(set) var momentum: [Double]
    /// t, updates applied so far. Kept across restarts: losing it would re-inflate the bias correction.
    public internal(set) var step: Int

    public init(hessian: [Double], momentum: [Double], step: Int) {
        self.hessian = hessian
        self.momentum = momentum
        self.step = step
    }

    static let empty = VariationalState(hessian: [], momentum: [], step: 0)

    var isFinite: Bool { hessian.allSatisfy(\.isFinite) && momentum.allSatisfy(\.isFinite) }
}
