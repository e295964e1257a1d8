/// Where a message stands in a stream: (epoch, seq), ordered as the daemon orders them (docs/PROTOCOL.md §1.1: a
/// message is applied only when its position is above the last applied one).
struct WirePosition: Comparable, CustomStringConvertible {
    var epoch: UInt64
    var seq: UInt64

    static func < (a: WirePosition, b: WirePosition) -> Bool {
        (a.epoch, a.seq) < (b.epoch, b.seq)
    }

    /// `seq 12` in epoch 0, `epoch 2 seq 12` otherwise.
    var description: String { epoch == 0 ? "seq \(seq)" : "epoch \(epoch) seq \(seq)" }
}
