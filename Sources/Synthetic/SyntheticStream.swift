import Foundation
import Inference

/// A seeded, endless synthetic stream: `next(count:)` returns the following rows and labels. The same seed
/// gives the same stream; drift points are example indices (printed by `blr-publish` at start).
public struct SyntheticStream: Sendable {
    public let kind: SyntheticKind
    public let features: Int
    public let noiseVariance: Double
    /// Example indices where the concept changes.
    public let driftPoints: [Int]
    /// Width of a gradual drift (examples).
    public let width: Int
    public private(set) var produced = 0
    private var rng: Xoshiro256
    private var concepts: [[Double]]

    /// - Parameters:
    ///   - every: drift every this many examples (drift kinds; ignored by stationary ones).
    public init(
        kind: SyntheticKind, features: Int, seed: UInt64, every: Int = 5000, count: Int = 20,
        noiseVariance: Double = 0.25, width: Int = 1000
    ) {
        precondition(features >= 1 && every >= 1)
        self.kind = kind
        self.features = features
        self.noiseVariance = noiseVariance
        self.width = width
        var rng = Xoshiro256(seed: seed)
        let conceptCount = kind == .linear || kind == .logistic ? 1 : (kind == .recurring ? 2 : count + 1)
        var concepts: [[Double]] = []
        for _ in 0..<conceptCount {
            var w = [Double](repeating: 0, count: features + 1)  // weights, then the intercept
            rng.fillStandardNormal(&w)
            w[features] *= 0.5
            concepts.append(w)
        }
        if kind == .priorShift {  // same weights, intercepts −2, 0, +2, …
            for c in 1..<concepts.count {
                concepts[c] = concepts[0]
                concepts[c][features] = [-2.0, 0, 2, 0][c % 4]
            }
        }
        self.concepts = concepts
        self.rng = rng
        driftPoints = kind == .linear || kind == .logistic ? [] : (1...count).map { $0 * every }
    }

    /// The weights (and intercept, last) in force at example `index`.
    func concept(at index: Int) -> [Double] {
        let k = driftPoints.lastIndex { $0 <= index }.map { $0 + 1 } ?? 0
        switch kind {
        case .linear, .logistic: return concepts[0]
        case .recurring: return concepts[k % 2]
        case .abrupt, .priorShift: return concepts[min(k, concepts.count - 1)]
        case .gradual:
            // Blend from concept j to j+1 over [t − width/2, t + width/2).
            for (j, t) in driftPoints.enumerated() where index >= t - width / 2 && index < t + width / 2 {
                let a = Double(index - (t - width / 2)) / Double(width)
                return zip(concepts[j], concepts[j + 1]).map { (1 - a) * $0 + a * $1 }
            }
            return concepts[min(k, concepts.count - 1)]
        }
    }

    /// The next `count` examples: x (count × d, row-major) and labels.
    public mutating func next(count: Int) -> (x: [Double], y: [Double]) {
        let d = features
        var x = [Double](repeating: 0, count: count * d)
        rng.fillStandardNormal(&x)
        var noise = [Double](repeating: 0, count: count)
        rng.fillStandardNormal(&noise)
        var y = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let w = concept(at: produced + i)
            var f = w[d]
            for j in 0..<d { f += x[i * d + j] * w[j] }
            switch kind.task {
            case .regression: y[i] = f + noiseVariance.squareRoot() * noise[i]
            default: y[i] = rng.nextOpenUnit() < 1 / (1 + exp(-2 * f)) ? 1 : 0
            }
        }
        produced += count
        return (x, y)
    }
}
