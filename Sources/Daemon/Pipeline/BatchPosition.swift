/// Where a batch sits in its stream: (epoch, seq), ordered lexicographically (docs/PROTOCOL.md §1.1: a publisher
/// that restarts counts seq from 0 in a higher epoch).
public struct BatchPosition: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var epoch: UInt64
    public var seq: UInt64

    public init(epoch: UInt64, seq: UInt64) {
        self.epoch = epoch
        self.seq = seq
    }

    public static func < (a: Self, b: Self) -> Bool { (a.epoch, a.seq) < (b.epoch, b.seq) }

    public var description: String { epoch == 0 ? "\(seq)" : "\(epoch):\(seq)" }
}
