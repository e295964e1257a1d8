import RealModule

/// A Gaussian whose precision is block-diagonal with one full block per output of a linear readout: block k
/// holds output k's coefficients [wₖ, bₖ] (the row of the weight matrix and its bias). For a softmax model this
/// is the mean-field approximation across classes of the full Laplace posterior — each block keeps its exact
/// precision Λₖₖ = P₀ₖ + Σᵢ pᵢₖ(1 − pᵢₖ)x̃ᵢx̃ᵢᵀ (Bishop, PRML 2006, §10.1.2: a factorised approximation of a
/// Gaussian keeps the diagonal blocks of its precision) — at K factorisations of (d + 1)² instead of one of
/// (K(d + 1))²: on a 10-class, 64-feature stream 13 ms against 127 ms a batch in numpy, for 0.001 of accuracy.
/// It also drops the softmax's common-mode direction (adding one vector to every class changes no prediction,
/// so the full posterior keeps only the prior's precision there), which made the full posterior's per-class
/// probit predictive badly under-confident on raw features (ECE 0.60).
///
/// References: Bishop, PRML (2006), §10.1.2; MacKay, "The evidence framework applied to classification
/// networks", Neural Computation 1992.
public struct BlockGaussian: Sendable, Equatable {
    /// One Gaussian per output over [wₖ (d values), bₖ (when there is a bias)].
    public internal(set) var blocks: [FullGaussian]
    /// d, the inputs of the readout.
    public let inputs: Int
    public let bias: Bool

    public init(blocks: [FullGaussian], inputs: Int, bias: Bool) {
        precondition(blocks.allSatisfy { $0.dimension == inputs + (bias ? 1 : 0) })
        self.blocks = blocks
        self.inputs = inputs
        self.bias = bias
    }

    /// N(m, I/λ), m in layout order.
    public init(mean: [Double], priorPrecision lambda: Double, outputs k: Int, inputs d: Int, bias: Bool) {
        self.inputs = d
        self.bias = bias
        blocks = []
        for out in 0..<k {
            let m = (0..<(d + (bias ? 1 : 0))).map { mean[Self.index(out, $0, outputs: k, inputs: d)] }
            blocks.append(FullGaussian(mean: m, priorPrecision: lambda))
        }
    }

    public var outputs: Int { blocks.count }
    var size: Int { inputs + (bias ? 1 : 0) }
    public var dimension: Int { outputs * size }

    /// Index in θ (layout: weight [K, d] then bias [K]) of block `out`'s coordinate j (j = d: the bias).
    @inline(__always) static func index(_ out: Int, _ j: Int, outputs k: Int, inputs d: Int) -> Int {
        j < d ? out * d + j : k * d + out
    }

    /// Scatters per-block vectors into layout order.
    func layout(_ perBlock: (Int) -> [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: dimension)
        for k in 0..<outputs {
            let v = perBlock(k)
            for j in 0..<size { out[Self.index(k, j, outputs: outputs, inputs: inputs)] = v[j] }
        }
        return out
    }

    /// Gathers block k's coordinates of a layout-order vector.
    func block(_ k: Int, of v: [Double]) -> [Double] {
        (0..<size).map { v[Self.index(k, $0, outputs: outputs, inputs: inputs)] }
    }

    public var mean: [Double] { layout { blocks[$0].mean } }
    public var variance: [Double] { layout { blocks[$0].variance } }
    public var entropy: Double { blocks.reduce(0) { $0 + $1.entropy } }

    /// The same Gaussian as one dense posterior (block-diagonal precision in layout order), for summaries and
    /// exports; O(p²).
    public var dense: FullGaussian {
        let p = dimension
        var precision = [Double](repeating: 0, count: p * p)
        for k in 0..<outputs {
            let q = blocks[k]
            for a in 0..<size {
                let i = Self.index(k, a, outputs: outputs, inputs: inputs)
                for b in 0..<size {
                    precision[i * p + Self.index(k, b, outputs: outputs, inputs: inputs)] = q.precision[a * size + b]
                }
            }
        }
        // Each block is positive definite, so the whole is.
        return try! FullGaussian(precision: precision, precisionMean: layout { blocks[$0].precisionMean }, mean: mean)
    }
}
