import Synthetic
import Vocabulary

/// A seeded synthetic stream (`--synthetic KIND`) of a fixed length, replayed identically on ``rewind()``.
///
/// `SyntheticStream`'s own `count` is the number of drift points; this source derives it from the length and
/// the spacing so that every drift point before the end of the stream exists, and only those are reported.
struct SyntheticSource: ExampleSource {
    let kind: SyntheticKind
    let features: Int
    let count: Int
    let seed: UInt64
    /// Examples between drift points.
    let every: Int
    /// The span of a gradual drift, in examples.
    let width: Int
    let noiseVariance: Double
    private var stream: SyntheticStream

    /// A stream of `count` examples of `kind` with `features` features, drawn from `seed`.
    init(kind: SyntheticKind, features: Int, count: Int, seed: UInt64, every: Int, width: Int, noiseVariance: Double) {
        self.kind = kind
        self.features = features
        self.count = count
        self.seed = seed
        self.every = every
        self.width = width
        self.noiseVariance = noiseVariance
        self.stream = Self.makeStream(
            kind: kind, features: features, count: count, seed: seed, every: every, width: width,
            noiseVariance: noiseVariance)
    }

    var task: LearningTask { kind.task }
    var classes: Int? { nil }
    var isSinglePrecision: Bool { false }
    var summary: String { "synthetic \(kind.rawValue) (\(kind.summary), seed \(seed))" }

    /// The example indices where the concept changes, within the stream; empty for stationary kinds.
    var driftPoints: [Int] {
        stream.driftPoints.filter { $0 < count }
    }

    mutating func next(rows: Int) -> (x: [Double], y: [Double]) {
        stream.next(count: rows)
    }

    mutating func rewind() {
        stream = Self.makeStream(
            kind: kind, features: features, count: count, seed: seed, every: every, width: width,
            noiseVariance: noiseVariance)
    }

    private static func makeStream(
        kind: SyntheticKind, features: Int, count: Int, seed: UInt64, every: Int, width: Int, noiseVariance: Double
    ) -> SyntheticStream {
        // Drift points sit at every, 2·every, …; keep those below count (at least one: the generator needs it).
        let driftCount = max(1, (count - 1) / every)
        return SyntheticStream(
            kind: kind, features: features, seed: seed, every: every, count: driftCount,
            noiseVariance: noiseVariance, width: width)
    }
}
