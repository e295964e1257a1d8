/// The messages sent but not yet durable (their position is above the daemon's `durable_seq`), oldest first, with
/// their size: what `blr-publish --control` resends after the daemon restarts.
///
/// Bounded by bytes: ``wouldExceed(adding:)`` tells the sender to wait for the daemon to make more durable
/// rather than drop anything.
struct RetainedBatches {
    struct Entry {
        let position: WirePosition
        let frames: [[UInt8]]
        let bytes: Int
    }

    /// The most bytes held at once (a single message larger than this is still held, alone).
    let limit: Int
    private var entries: [Entry] = []
    /// Index of the oldest live entry (the array is compacted now and then).
    private var head = 0
    private(set) var bytes = 0

    init(limit: Int) {
        self.limit = limit
    }

    var isEmpty: Bool { head == entries.count }
    var count: Int { entries.count - head }
    var oldest: WirePosition? { isEmpty ? nil : entries[head].position }

    /// Whether holding `frames` too would go over the limit (never when nothing is held).
    func wouldExceed(adding frames: [[UInt8]]) -> Bool {
        !isEmpty && bytes + Self.size(frames) > limit
    }

    mutating func append(_ frames: [[UInt8]], at position: WirePosition) {
        let size = Self.size(frames)
        entries.append(Entry(position: position, frames: frames, bytes: size))
        bytes += size
    }

    /// Forgets every message at or below `durable`.
    mutating func dropThrough(_ durable: WirePosition) {
        while head < entries.count, entries[head].position <= durable {
            bytes -= entries[head].bytes
            head += 1
        }
        if head > 1024, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }

    /// The held messages above `position` (all of them when nil), oldest first.
    func after(_ position: WirePosition?) -> ArraySlice<Entry> {
        let live = entries[head...]
        guard let position else { return live }
        return live.drop { $0.position <= position }
    }

    static func size(_ frames: [[UInt8]]) -> Int {
        frames.reduce(0) { $0 + $1.count }
    }
}
