import RealModule

/// How far a posterior moved: KL in both directions and the parameters whose means moved most, in standard
/// deviations of the old posterior (what `blrctl diff` prints for two snapshots, and a what-if for one change).
public struct PosteriorChange: Sendable, Equatable {
    /// KL(new ‖ old), nats.
    public let klNewOld: Double
    /// KL(old ‖ new), nats.
    public let klOldNew: Double
    /// The most-moved parameters, largest shift first.
    public let moved: [Shift]

    public struct Shift: Sendable, Equatable {
        /// Index in the layout (C order of the blocks, docs/PROTOCOL.md §2).
        public let index: Int
        public let old: Double
        public let new: Double
        /// |new − old| / sd_old.
        public let shift: Double
    }

    /// The change from `old` to `new` (the same dimension), listing the `top` most-moved parameters.
    public init(from old: Posterior, to new: Posterior, top: Int) throws {
        klNewOld = try GaussianDivergence.kl(new, old)
        klOldNew = try GaussianDivergence.kl(old, new)
        let (a, b, v) = (old.mean, new.mean, old.variance)
        let shifts = a.indices.map { abs(b[$0] - a[$0]) / Double.sqrt(v[$0]) }
        let order = shifts.indices.sorted { shifts[$0] > shifts[$1] || (shifts[$0] == shifts[$1] && $0 < $1) }
        moved = order.prefix(max(0, top)).map { Shift(index: $0, old: a[$0], new: b[$0], shift: shifts[$0]) }
    }
}
