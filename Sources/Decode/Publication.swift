/// A published message encoded in full except for its `pubseq`: the header is kept as the bytes before and after
/// the pubseq number, so the publisher's lock only joins three byte arrays (docs/PROTOCOL.md §2: pubseq order is send
/// order). Encoding — the dictionary, the sorted keys, the doubles — happens before, on the thread that built
/// the message, outside any shared lock.
///
/// The frames it stamps are byte for byte those the builder writes for that pubseq: it is built by running the
/// builder once with a placeholder pubseq and cutting the header where the placeholder's digits are.
public struct Publication: Sendable {
    public let topic: [UInt8]
    /// The header up to and including `"pubseq":`.
    let head: [UInt8]
    /// The header after the pubseq number.
    let tail: [UInt8]
    /// The binary frames after the header.
    let binary: ArraySlice<[UInt8]>

    init(topic: [UInt8], head: [UInt8], tail: [UInt8], binary: [[UInt8]]) {
        self.topic = topic
        self.head = head
        self.tail = tail
        self.binary = binary[...]
    }

    /// Runs `build` once, now, with a placeholder pubseq (the caller's encoding work happens here).
    public init(instance: String, _ build: (_ pubseq: UInt64, _ instance: String) -> [[UInt8]]) {
        let frames = build(Self.placeholder, instance)
        precondition(frames.count >= 2, "a published message has a topic and a header")
        let header = frames[1]
        let cut = Self.locate(in: header)
        topic = frames[0]
        head = Array(header[..<cut.lowerBound])
        tail = Array(header[cut.upperBound...])
        binary = frames[2...]
    }

    /// The frames with `pubseq` written into the header.
    public func frames(pubseq: UInt64) -> [[UInt8]] {
        var header: [UInt8] = []
        header.reserveCapacity(head.count + 20 + tail.count)
        header.append(contentsOf: head)
        Self.appendDigits(pubseq, to: &header)
        header.append(contentsOf: tail)
        var frames: [[UInt8]] = [topic, header]
        frames.append(contentsOf: binary)
        return frames
    }

    /// A pubseq no daemon reaches; its digits, after the `"pubseq":` key, mark where the number goes.
    static let placeholder = UInt64.max
    private static let marker = Array("\"pubseq\":\(UInt64.max)".utf8)
    private static let key = Array("\"pubseq\":".utf8).count

    /// The placeholder's digits in the header. A quote inside a JSON string is escaped, so `"pubseq":` with
    /// bare quotes only appears as a key.
    private static func locate(in header: [UInt8]) -> Range<Int> {
        let m = marker
        var i = 0
        while i + m.count <= header.count {
            if header[i] == m[0] && header[i..<(i + m.count)].elementsEqual(m) {
                return (i + key)..<(i + m.count)
            }
            i += 1
        }
        preconditionFailure("a published header has a pubseq")
    }

    private static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        var v = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }
}
