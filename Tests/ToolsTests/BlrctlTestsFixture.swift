import Decode
import Foundation
import Inference
import Persist

/// A state database made by the test itself in a fresh temporary directory: models that learned a few
/// batches, saved as snapshots in the daemon's blob layout (`SessionSnapshot`: "BLRP", UInt16 1, UInt32
/// length + `Model.encoded()`, UInt32 length + JSON of {version, position, metrics, drift, sensitivity}).
final class BlrctlState {
    let directory: URL
    let dbPath: String
    let store: StateStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("blrctl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        dbPath = directory.appendingPathComponent("state.sqlite").path
        store = try StateStore(path: dbPath)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Runs blrctl against this database (`--db` first, the rest after), in the temporary directory.
    func blrctl(_ arguments: String..., timeout: Double = 60) throws -> BlrctlResult {
        try BlrctlProcess.run(["--db", dbPath] + arguments, in: directory, timeout: timeout)
    }

    func blrctl(arguments: [String], timeout: Double = 60) throws -> BlrctlResult {
        try BlrctlProcess.run(["--db", dbPath] + arguments, in: directory, timeout: timeout)
    }

    /// Registers `name` and saves one snapshot per model in `versions` (version i + 1, seq 100·(i + 1)), with
    /// `metrics[i]` as its metrics JSON when given.
    @discardableResult
    func save(_ name: String, stream: String = "sea", versions: [Model], metrics: [String]? = nil) throws -> [Model] {
        let spec = versions[0].spec
        try store.registerModel(name: name, stream: stream, fingerprint: spec.shapeFingerprint, specJSON: "{}")
        for (i, model) in versions.enumerated() {
            let version = i + 1
            let seq = UInt64(100 * version)
            try store.saveSnapshot(
                NewSnapshot(
                    model: name, version: version, seq: seq, rule: spec.rule.rawValue, family: model.posterior.family,
                    state: try Self.blob(model, version: version, seq: seq),
                    metricsJSON: metrics?[i] ?? #"{"rmse": 0.5, "n": 10}"#,
                    reason: .periodic),
                positions: [StreamPosition(stream: stream, seq: seq)])
        }
        return versions
    }

    /// The daemon's version-1 snapshot blob around `model` (before learners: one model, its drift detector in the
    /// JSON), which blrctl and the daemon still read.
    static func blob(_ model: Model, version: Int, seq: UInt64) throws -> [UInt8] {
        struct Position: Encodable { var epoch: UInt64; var seq: UInt64 }
        struct Drift: Encodable {
            var detector = DriftDetector()
            var memory = 2000.0
            var alarmFactor = 1e-4
        }
        struct State: Encodable {
            var version: Int
            var position: Position?
            var metrics: PrequentialMetrics
            var drift: Drift
            var sensitivity: SensitivityMonitor
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = Array(
            try encoder.encode(
                State(
                    version: version, position: Position(epoch: 0, seq: seq), metrics: PrequentialMetrics(),
                    drift: Drift(), sensitivity: SensitivityMonitor())))
        let modelBytes = model.encoded()
        var out = Array("BLRP".utf8)
        withUnsafeBytes(of: UInt16(1).littleEndian) { out += $0 }
        withUnsafeBytes(of: UInt32(modelBytes.count).littleEndian) { out += $0 }
        out += modelBytes
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { out += $0 }
        out += json
        return out
    }
}

/// Models that learned a linear-Gaussian stream: the model after each of `versions` rounds of `batches`
/// batches of 16 rows, y = 0.8·x₀ − 1.5·x₁ + 0.3·x₂ + 0.5 + noise.
enum BlrctlModels {
    static let features = 3

    static func fullConjugate() -> ModelSpec {
        ModelSpec(
            features: features, likelihood: .gaussian(noiseVariance: 0.25), posterior: .full, rule: .conjugate,
            priorPrecision: 2)
    }

    static func diagonalIVON() -> ModelSpec {
        ModelSpec(
            features: features, likelihood: .gaussian(noiseVariance: 0.25), posterior: .diagonal, rule: .ivon,
            priorPrecision: 1)
    }

    static func multiclassMLP() -> ModelSpec {
        ModelSpec(
            features: features, likelihood: .categorical(classes: 3),
            network: .mlp(hidden: [4], activation: .tanh, bias: true), posterior: .diagonal, rule: .ivon)
    }

    static func fullLogistic() -> ModelSpec {
        ModelSpec(features: features, likelihood: .bernoulli, posterior: .full, rule: .laplace)
    }

    static func learn(_ spec: ModelSpec, versions: Int, batchesPerVersion: Int = 2, seed: UInt64 = 7) throws -> [Model]
    {
        var model = try Model(spec: spec)
        var rng = SplitMix(seed: seed)
        var out: [Model] = []
        for _ in 0..<versions {
            for _ in 0..<batchesPerVersion {
                var (x, y) = rows(16, rng: &rng, binary: spec.likelihood == .bernoulli)
                if case .categorical(let k) = spec.likelihood {
                    // The class of the largest of k fixed projections of x.
                    y = (0..<16).map { (i: Int) -> Double in
                        var best = 0
                        var bestScore = -Double.infinity
                        for c in 0..<k {
                            let sign: Double = c % 2 == 0 ? 1 : -1
                            let score: Double = sign * x[3 * i + c % 3] + 0.1 * Double(c)
                            if score > bestScore { (best, bestScore) = (c, score) }
                        }
                        return Double(best)
                    }
                }
                try model.update(with: Batch(x: x, y: y, features: features))
            }
            out.append(model)
        }
        return out
    }

    /// n rows of features in (−2, 2) and their labels.
    static func rows(_ n: Int, rng: inout SplitMix, binary: Bool = false) -> (x: [Double], y: [Double]) {
        var x: [Double] = []
        var y: [Double] = []
        for _ in 0..<n {
            let row = (0..<features).map { _ in 4 * rng.unit() - 2 }
            let f = 0.8 * row[0] - 1.5 * row[1] + 0.3 * row[2] + 0.5
            x += row
            y.append(binary ? (rng.unit() < 1 / (1 + exp(-f)) ? 1 : 0) : f + 0.5 * (rng.unit() - 0.5))
        }
        return (x, y)
    }
}

/// SplitMix64, for test data.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// Reference closed forms, computed independently of blrctl and of LAPACK: a plain Cholesky.
enum BlrctlReference {
    /// (mean, dense precision) of a posterior.
    static func dense(_ q: Posterior) -> (mean: [Double], precision: [Double]) {
        switch q {
        case .full(let g): return (g.mean, g.precision)
        case .diagonal(let g):
            let p = g.dimension
            var a = [Double](repeating: 0, count: p * p)
            for i in 0..<p { a[i * p + i] = g.precision[i] }
            return (g.mean, a)
        case .block(let g):
            // Scatter each output's block into the layout (weight [K, d] then bias [K]), by hand.
            let (k, c, d) = (g.outputs, g.inputs + (g.bias ? 1 : 0), g.inputs)
            let p = k * c
            func at(_ out: Int, _ j: Int) -> Int { j < d ? out * d + j : k * d + out }
            var a = [Double](repeating: 0, count: p * p)
            var m = [Double](repeating: 0, count: p)
            for out in 0..<k {
                for i in 0..<c {
                    m[at(out, i)] = g.blocks[out].mean[i]
                    for j in 0..<c { a[at(out, i) * p + at(out, j)] = g.blocks[out].precision[i * c + j] }
                }
            }
            return (m, a)
        }
    }

    /// Lower-triangular L with A = L Lᵀ (row-major).
    static func cholesky(_ a: [Double], _ p: Int) -> [Double] {
        var l = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var s = a[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = i == j ? s.squareRoot() : s / l[j * p + j]
            }
        }
        return l
    }

    static func logDet(_ a: [Double], _ p: Int) -> Double {
        let l = cholesky(a, p)
        return (0..<p).reduce(0) { $0 + 2 * log(l[$1 * p + $1]) }
    }

    /// A⁻¹ by solving A X = I column by column with the Cholesky factor.
    static func inverse(_ a: [Double], _ p: Int) -> [Double] {
        let l = cholesky(a, p)
        var inv = [Double](repeating: 0, count: p * p)
        for c in 0..<p {
            var z = [Double](repeating: 0, count: p)
            for i in 0..<p {
                var s = i == c ? 1.0 : 0.0
                for k in 0..<i { s -= l[i * p + k] * z[k] }
                z[i] = s / l[i * p + i]
            }
            var x = [Double](repeating: 0, count: p)
            for i in stride(from: p - 1, through: 0, by: -1) {
                var s = z[i]
                for k in (i + 1)..<p { s -= l[k * p + i] * x[k] }
                x[i] = s / l[i * p + i]
            }
            for i in 0..<p { inv[i * p + c] = x[i] }
        }
        return inv
    }

    /// KL(q₁‖q₂) = ½ [tr(P₂Σ₁) + δᵀP₂δ − p + log det P₁ − log det P₂], δ = m₂ − m₁ (Bishop 2006, ex. 2.13).
    static func kl(_ q1: Posterior, _ q2: Posterior) -> Double {
        let (m1, p1) = dense(q1)
        let (m2, p2) = dense(q2)
        let p = m1.count
        let sigma1 = inverse(p1, p)
        var trace = 0.0
        for i in 0..<p { for k in 0..<p { trace += p2[i * p + k] * sigma1[k * p + i] } }
        var quadratic = 0.0
        for i in 0..<p { for j in 0..<p { quadratic += (m2[i] - m1[i]) * p2[i * p + j] * (m2[j] - m1[j]) } }
        return 0.5 * (trace + quadratic - Double(p) + logDet(p1, p) - logDet(p2, p))
    }

    /// |a − b| ≤ tolerance · max(|a|, |b|).
    static func close(_ a: Double, _ b: Double, relative tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(abs(a), abs(b))
    }
}

extension BlrctlResult {
    /// stdout parsed as one JSON document.
    func json() throws -> JSONValue { try JSONValue.parse(Array(stdout.utf8)) }
}

extension JSONValue {
    /// An array of numbers.
    var doubles: [Double]? { arrayValue?.compactMap(\.doubleValue) }
}
