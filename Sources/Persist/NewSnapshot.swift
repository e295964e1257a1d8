/// Why a snapshot was written. An open set of names: the daemon's reasons are listed here, and a name
/// written by a newer build still reads back.
public struct SnapshotReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Every `snapshot_every` batches.
    public static let periodic = SnapshotReason(rawValue: "periodic")
    /// At graceful shutdown.
    public static let shutdown = SnapshotReason(rawValue: "shutdown")
    /// On a control `snapshot` request.
    public static let control = SnapshotReason(rawValue: "control")
    /// A control `restore` made an older version current again.
    public static let restore = SnapshotReason(rawValue: "restore")
    /// A control `reset` went back to the prior.
    public static let reset = SnapshotReason(rawValue: "reset")
    /// A control `whatif` with `apply` took remembered examples out of the posterior.
    public static let whatif = SnapshotReason(rawValue: "whatif")
    /// The prior of a model that has no snapshot yet.
    public static let initial = SnapshotReason(rawValue: "initial")

    public var description: String { rawValue }
}

/// A snapshot to be saved; the store assigns its checksum, time and (unless given) its version.
public struct NewSnapshot: Equatable, Sendable {
    /// A registered model's name.
    public var model: String
    /// The version to store it as (the daemon names snapshots by their posterior version); it must be above
    /// every stored version of the model. Nil: the newest stored version + 1.
    public var version: Int?
    /// The publisher epoch of `seq`.
    public var epoch: UInt64
    /// The newest stream seq the posterior includes; nil before the first batch.
    public var seq: UInt64?
    /// The learning rule's name (e.g. `ivon`).
    public var rule: String
    /// The posterior family (e.g. `gaussian-diagonal`).
    public var family: String
    /// The inference core's encoded state, stored as an opaque blob.
    public var state: [UInt8]
    /// Metrics at the time of the snapshot, as a JSON object.
    public var metricsJSON: String
    public var reason: SnapshotReason

    public init(
        model: String, version: Int? = nil, epoch: UInt64 = 0, seq: UInt64?, rule: String, family: String,
        state: [UInt8], metricsJSON: String = "{}", reason: SnapshotReason
    ) {
        self.model = model
        self.version = version
        self.epoch = epoch
        self.seq = seq
        self.rule = rule
        self.family = family
        self.state = state
        self.metricsJSON = metricsJSON
        self.reason = reason
    }
}
