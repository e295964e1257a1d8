/// The monitor's JSON in the session snapshot. Snapshots before the tail test (which stored `threshold`, a
/// multiple of the mean deviation, and `baseline`, that mean) still decode: their `threshold` is dropped (the
/// configuration's settings apply on resume anyway) and `baseline` seeds `typical`, which the EMA moves to the
/// median within a few dozen batches.
extension SensitivityMonitor: Codable {
    enum CodingKeys: String, CodingKey {
        case rate, baselineRate, warmup, limit, observed, typical
        case baseline  // before the tail test
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            rate: try c.decodeIfPresent(Double.self, forKey: .rate) ?? Self.defaultRate,
            baselineRate: try c.decode(Double.self, forKey: .baselineRate),
            warmup: try c.decode(Int.self, forKey: .warmup),
            limit: try c.decode(Int.self, forKey: .limit))
        observed = try c.decode(Int.self, forKey: .observed)
        typical = try c.decodeIfPresent(Double.self, forKey: .typical) ?? c.decode(Double.self, forKey: .baseline)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rate, forKey: .rate)
        try c.encode(baselineRate, forKey: .baselineRate)
        try c.encode(warmup, forKey: .warmup)
        try c.encode(limit, forKey: .limit)
        try c.encode(observed, forKey: .observed)
        try c.encode(typical, forKey: .typical)
    }
}
