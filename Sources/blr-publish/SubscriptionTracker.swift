/// Follows an XPUB socket's subscription messages to know whether anyone receives the stream.
///
/// An XPUB passes up `[1] + prefix` when the first subscriber subscribes to `prefix` and `[0] + prefix` when the
/// last one leaves (unsubscribes or disconnects). A subscription receives the stream when its prefix is a prefix
/// of the stream name (the empty prefix included); a daemon subscribes to the exact name.
struct SubscriptionTracker {
    /// The stream name's bytes.
    let topic: [UInt8]
    /// The subscribed prefixes that match the topic.
    private(set) var matching: Set<[UInt8]> = []
    /// How many times a matching subscription went away (a subscriber left or its connection broke).
    private(set) var departures = 0

    init(stream: String) {
        topic = Array(stream.utf8)
    }

    /// Whether at least one subscriber receives the stream.
    var hasSubscriber: Bool { !matching.isEmpty }

    /// Takes in one message received on the XPUB; anything but a (un)subscription is ignored.
    mutating func record(_ message: [[UInt8]]) {
        guard message.count == 1, let kind = message[0].first, kind <= 1 else { return }
        let prefix = Array(message[0].dropFirst())
        guard topic.starts(with: prefix) else { return }
        if kind == 1 {
            matching.insert(prefix)
        } else if matching.remove(prefix) != nil {
            departures += 1
        }
    }
}
