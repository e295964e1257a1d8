import RealModule

/// Closed forms between Gaussian posteriors: KL divergence, log-determinants, summaries.
///
/// KL(q₁‖q₂) = ½ [tr(P₂Σ₁) + (m₂ − m₁)ᵀP₂(m₂ − m₁) − p + log det P₁ − log det P₂] for qᵢ = N(mᵢ, Pᵢ⁻¹).
/// A diagonal posterior in a mixed pair is the full Gaussian with diagonal precision; two diagonal ones use
/// the elementwise form ½ Σⱼ [r − 1 − log r + s₂ⱼ δⱼ²], r = s₂ⱼ/s₁ⱼ, which avoids cancelling p.
///
/// *References*: Bishop, "Pattern Recognition and Machine Learning" (2006), §1.6.1 and exercise 2.13 (the
/// Gaussian KL); Golub & Van Loan, "Matrix Computations", §4.2 (log det P = 2 Σ log Lⱼⱼ, computed by
/// `FullGaussian.logDeterminant` from P's Cholesky factor).
public enum GaussianDivergence {
    public struct DimensionMismatch: Error, CustomStringConvertible {
        let first: Int
        let second: Int
        public var description: String { "the posteriors have different dimensions (\(first) and \(second))" }
    }

    /// KL(q₁‖q₂) in nats.
    public static func kl(_ q1: Posterior, _ q2: Posterior) throws -> Double {
        // A block posterior is a full one with zeros between blocks.
        if case .block(let b) = q1 { return try kl(.full(b.dense), q2) }
        if case .block(let b) = q2 { return try kl(q1, .full(b.dense)) }
        let p = q1.dimension
        guard q2.dimension == p else { throw DimensionMismatch(first: p, second: q2.dimension) }
        if q1 == q2 { return 0 }  // exactly, rather than tr(PP⁻¹) − p rounded
        let delta = (0..<p).map { q2.mean[$0] - q1.mean[$0] }
        if case .diagonal(let a) = q1, case .diagonal(let b) = q2 {
            var sum = 0.0
            for j in 0..<p {
                let r = b.precision[j] / a.precision[j]
                sum += (r - 1 - Double.log(r)) + b.precision[j] * delta[j] * delta[j]
            }
            return 0.5 * sum
        }
        let trace: Double
        switch (q1, q2) {
        case (.full(let a), .full(let b)):
            let sigma = a.covariance
            var s = 0.0
            for k in 0..<(p * p) { s += b.precision[k] * sigma[k] }  // tr(P₂Σ₁), both symmetric
            trace = s
        case (.full(let a), .diagonal(let b)):
            let v = a.variance
            trace = (0..<p).reduce(0) { $0 + b.precision[$1] * v[$1] }
        case (.diagonal(let a), .full(let b)):
            trace = (0..<p).reduce(0) { $0 + b.precision[$1 * p + $1] / a.precision[$1] }
        case (.diagonal, .diagonal), (.block, _), (_, .block):
            preconditionFailure("handled above")
        }
        let quadratic = quadraticForm(q2, delta)
        return 0.5 * (trace + quadratic - Double(p) + logDeterminant(q1) - logDeterminant(q2))
    }

    /// log det P.
    public static func logDeterminant(_ q: Posterior) -> Double {
        switch q {
        case .full(let g): return g.logDeterminant
        case .diagonal(let g): return g.precision.reduce(0) { $0 + Double.log($1) }
        case .block(let g): return g.blocks.reduce(0) { $0 + $1.logDeterminant }
        }
    }

    /// xᵀPx.
    public static func quadraticForm(_ q: Posterior, _ x: [Double]) -> Double {
        switch q {
        case .diagonal(let g):
            return zip(g.precision, x).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        case .full(let g):
            let p = x.count
            var s = 0.0
            for i in 0..<p {
                var row = 0.0
                for j in 0..<p { row += g.precision[i * p + j] * x[j] }
                s += x[i] * row
            }
            return s
        case .block(let g):
            return quadraticForm(.full(g.dense), x)
        }
    }

    /// The diagonal of P.
    public static func precisionDiagonal(_ q: Posterior) -> [Double] {
        switch q {
        case .diagonal(let g): return g.precision
        case .full(let g): return (0..<g.dimension).map { g.precision[$0 * g.dimension + $0] }
        case .block(let g): return precisionDiagonal(.full(g.dense))
        }
    }
}
