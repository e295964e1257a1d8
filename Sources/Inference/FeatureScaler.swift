import RealModule

/// Online standardisation x ↦ (x − μ)/σ with μ, σ² the running mean and variance of every row seen so far
/// (Welford's algorithm, merged per batch: Chan, Golub & LeVeque 1979). Its statistics are part of the model
/// state, so a restored model standardises exactly as before.
public struct FeatureScaler: Sendable, Equatable {
    public private(set) var count: Double
    public private(set) var mean: [Double]
    /// Σ (x − μ)², per feature.
    public private(set) var sumSquares: [Double]

    public init(features: Int) {
        count = 0
        mean = [Double](repeating: 0, count: features)
        sumSquares = [Double](repeating: 0, count: features)
    }

    init(count: Double, mean: [Double], sumSquares: [Double]) {
        self.count = count
        self.mean = mean
        self.sumSquares = sumSquares
    }

    /// 1/σ per feature; 1 until a feature has shown any spread.
    var inverseScale: [Double] {
        sumSquares.map { count > 1 && $0 > 1e-12 * count ? 1 / Double.sqrt($0 / count) : 1 }
    }

    /// The statistics are finite (an input near the double range would overflow the sum of squares).
    var isFinite: Bool { count.isFinite && mean.allSatisfy(\.isFinite) && sumSquares.allSatisfy(\.isFinite) }

    /// σ per feature, as `transform` divides by it (1 until a feature has shown any spread).
    public var scale: [Double] { inverseScale.map { 1 / $0 } }

    /// The offset `transform` subtracts: the running mean, or 0 when the model has no intercept to absorb it.
    func center(_ centered: Bool) -> [Double] { centered ? mean : [Double](repeating: 0, count: mean.count) }

    /// Folds the rows of `x` (n × d) into the statistics (row-major passes: the batch mean, then the batch sum
    /// of squared deviations, merged by Chan et al.'s pairwise update).
    mutating func observe(_ x: [Double], count n: Int) {
        guard n > 0 else { return }
        let d = mean.count
        var batchMean = [Double](repeating: 0, count: d)
        var batchSquares = [Double](repeating: 0, count: d)
        x.withUnsafeBufferPointer { xp in
            batchMean.withUnsafeMutableBufferPointer { mp in
                let m = mp.baseAddress!
                var row = xp.baseAddress!
                for _ in 0..<n { for j in 0..<d { m[j] += row[j] }; row += d }
                for j in 0..<d { m[j] /= Double(n) }
                batchSquares.withUnsafeMutableBufferPointer { sp in
                    let ss = sp.baseAddress!
                    row = xp.baseAddress!
                    for _ in 0..<n { for j in 0..<d { let r = row[j] - m[j]; ss[j] += r * r }; row += d }
                }
            }
        }
        let total = count + Double(n)
        for j in 0..<d {
            let delta = batchMean[j] - mean[j]
            mean[j] += delta * Double(n) / total
            sumSquares[j] += batchSquares[j] + delta * delta * count * Double(n) / total
        }
        count = total
    }

    /// (x − μ) ⊙ (1/σ) for every row; x ⊙ (1/σ) when not `centered` (a regression target without an intercept
    /// to absorb its mean).
    func transform(_ x: [Double], count n: Int, centered: Bool = true) -> [Double] {
        let d = mean.count
        let inv = inverseScale
        let offset = center(centered)
        var out = x
        out.withUnsafeMutableBufferPointer { o in
            offset.withUnsafeBufferPointer { m in
                inv.withUnsafeBufferPointer { s in
                    for i in 0..<n { for j in 0..<d { o[i * d + j] = (o[i * d + j] - m[j]) * s[j] } }
                }
            }
        }
        return out
    }
}
