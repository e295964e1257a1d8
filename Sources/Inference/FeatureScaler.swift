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

    /// Folds the rows of `x` (n × d) into the statistics.
    mutating func observe(_ x: [Double], count n: Int) {
        guard n > 0 else { return }
        let d = mean.count
        for j in 0..<d {
            var m = 0.0
            for i in 0..<n { m += x[i * d + j] }
            m /= Double(n)
            var ss = 0.0
            for i in 0..<n { let r = x[i * d + j] - m; ss += r * r }
            let delta = m - mean[j]
            let total = count + Double(n)
            mean[j] += delta * Double(n) / total
            sumSquares[j] += ss + delta * delta * count * Double(n) / total
        }
        count += Double(n)
    }

    /// (x − μ) ⊙ (1/σ) for every row.
    func transform(_ x: [Double], count n: Int) -> [Double] {
        let d = mean.count
        let inv = inverseScale
        var out = x
        for i in 0..<n { for j in 0..<d { out[i * d + j] = (x[i * d + j] - mean[j]) * inv[j] } }
        return out
    }
}
