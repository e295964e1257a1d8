import Inference

/// What one model costs: the numbers it holds in memory and the bytes of one snapshot, estimated from its
/// shape before anything is allocated (a full posterior over p parameters is p² numbers: d = 1000, K = 10 is
/// p = 10 010 and 800 MB a copy), so `--check` can print it and refuse a model over `[daemon] max_model_bytes`.
///
/// Per member with p parameters (K output blocks of s = p/K for a block posterior), in 8-byte numbers:
/// - full: precision and its Cholesky factor (2p²) and three vectors; a snapshot stores P, b and m (p² + 2p);
/// - block: the same per block (K(2s² + 3s), snapshot K(s² + 2s));
/// - diagonal: mean and precision (2p), as stored;
/// - ivon, vogn: their Hessian and momentum (2p), stored too;
/// plus the remembered examples of `whatif_memory`, and up to `capacity` copies of the anchor member held by the
/// change-point beam (`drift_detector = "bocpd"`: as many as fit 4 × 4096 covariance entries, at least one). The daemon briefly holds up to about three copies of the
/// state (the pipeline's, the status board's, the snapshot being written): the limit is on one.
public struct ModelSize: Sendable, Equatable, CustomStringConvertible {
    public var stateBytes: Int
    public var snapshotBytes: Int
    /// What the change-point beam's challengers add, to memory and to a snapshot, when it holds all of them (a
    /// learner at its prior holds none). Included in `stateBytes`, not in `snapshotBytes`.
    public var beamBytes = 0

    static let overhead = 4096

    static func of(_ spec: ModelSpec) -> ModelSize {
        let a = spec.architecture
        let p = a.parameterCount
        var state: Int, snapshot: Int
        switch spec.posterior {
        case .full:
            (state, snapshot) = (2 * p * p + 3 * p, p * p + 2 * p)
        case .block:
            let k = max(1, a.outputs), s = p / k
            (state, snapshot) = (k * (2 * s * s + 3 * s), k * (s * s + 2 * s))
        case .diagonal:
            (state, snapshot) = (2 * p, 2 * p)
        }
        if spec.rule == .ivon || spec.rule == .vogn {
            state += 2 * p
            snapshot += 2 * p
        }
        return ModelSize(stateBytes: 8 * state + overhead, snapshotBytes: 8 * snapshot + overhead)
    }

    static func of(specs: [ModelSpec], features: Int, whatifMemory: Int) -> ModelSize {
        let memory = 8 * whatifMemory * (features + 2)
        return specs.map(of).reduce(ModelSize(stateBytes: memory, snapshotBytes: memory)) {
            ModelSize(stateBytes: $0.stateBytes + $1.stateBytes, snapshotBytes: $0.snapshotBytes + $1.snapshotBytes)
        }
    }

    /// The size of a configured model (every member of `auto`, and the change-point beam's challengers).
    public static func of(_ model: ModelConfig) -> ModelSize {
        var size = of(
            specs: model.learner.members.map(\.model.spec), features: model.features, whatifMemory: model.whatifMemory)
        let all = of(specs: specs(of: model.learner), features: model.features, whatifMemory: model.whatifMemory)
        size.beamBytes = all.snapshotBytes - size.snapshotBytes
        size.stateBytes = all.stateBytes
        return size
    }

    /// The specs whose state a learner holds: its members', and its anchor's once per challenger of its beam.
    static func specs(of learner: Learner) -> [ModelSpec] {
        let challengers = learner.drift.beam?.settings.capacity ?? 0
        return learner.members.map(\.model.spec)
            + Array(repeating: learner.members[learner.anchor].model.spec, count: challengers)
    }

    public var description: String {
        "≈ \(Self.text(stateBytes)) in memory, \(Self.text(snapshotBytes)) per snapshot"
            + (beamBytes > 0 ? " (up to \(Self.text(beamBytes)) more while change-point runs are held)" : "")
    }

    /// Bytes with a binary unit and one decimal where it matters.
    public static func text(_ n: Int) -> String {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (unit, scale) in units where n >= scale {
            let value = Double(n) / Double(scale)
            let tenths = (value * 10).rounded() / 10
            return value >= 100 || tenths == tenths.rounded() ? "\(Int(value.rounded())) \(unit)" : "\(tenths) \(unit)"
        }
        return "\(n) B"
    }
}

extension ModelConfigParser {
    /// Refuses a model whose state would exceed `limit`, naming what makes it large and the fix.
    static func refuseOversized(
        _ r: TableReader, name: String, specs: [ModelSpec], features: Int, whatifMemory: Int, limit: Int, auto: Bool
    ) throws {
        let size = ModelSize.of(specs: specs, features: features, whatifMemory: whatifMemory)
        guard size.stateBytes > limit else { return }
        let largest = specs.max { ModelSize.of($0).stateBytes < ModelSize.of($1).stateBytes }!
        let p = largest.architecture.parameterCount
        let why: String =
            switch largest.posterior {
            case .full: "a full posterior over p = \(p) parameters holds p² numbers twice (precision and its factor)"
            case .block:
                "a block posterior holds a (d + 1)² block per class (\(largest.architecture.outputs) classes, p = \(p))"
            case .diagonal: "a diagonal posterior over p = \(p) parameters"
            }
        let fix =
            auto
            ? "name a single rule with posterior = \"diagonal\" (rule = \"ivon\"), use fewer features"
            : (largest.posterior == .diagonal
                ? "use fewer features or a smaller network"
                : "use posterior = \"diagonal\" (rule = \"ivon\"), fewer features")
        throw r.error(
            auto ? "rule" : (r.has("posterior") ? "posterior" : "rule"),
            "model '\(name)' would hold \(ModelSize.text(size.stateBytes)) in memory (\(ModelSize.text(size.snapshotBytes)) per "
                + "snapshot), over max_model_bytes = \(ModelSize.text(limit)): \(why); \(fix), or raise [daemon] max_model_bytes"
        )
    }
}
