import Inference
import Vocabulary

extension OutboundEncoder {
    /// `pred/<model>` as a ``Publication``: the bytes ``prediction(model:stream:seq:epoch:version:predictive:ids:pubseq:instance:)``
    /// writes, with the header's keys written in their sorted order directly, without building, hashing and
    /// sorting a dictionary first. A `pred/` goes out for every message; at B = 1 its encoding through a dictionary
    /// was 6 % of the daemon's instructions (callgrind, `blr-bench e2e`), about as much as decoding the message.
    public static func predictionPublication(
        model: String, stream: String, seq: UInt64, epoch: UInt64 = 0, version: Int, predictive: Predictive,
        ids: [ExampleID]? = nil, instance: String
    ) -> Publication {
        // Keys in byte order: classes, dof, epoch, ids, instance, kind, model, n | pubseq | seq, stream, version.
        var head = SortedHeader(capacity: 160)
        let arrays: [[Double]]
        switch predictive {
        case .gaussian(let mean, let variance, let dof):
            if let dof { head.field("dof", .double(dof)) }
            arrays = [mean, variance]
        case .probabilities(let p, let classes):
            head.field("classes", JSONValue(classes))
            arrays = [p]
        case .poisson(let rate, let variance):
            arrays = [rate, variance]
        }
        head.field("epoch", JSONValue(epoch))
        if let ids { head.field("ids", .array(ids.map(\.json))) }
        head.string("instance", instance)
        head.string("kind", predictive.kind)
        head.string("model", model)
        head.field("n", JSONValue(predictive.count))
        head.key("pubseq")
        var tail = SortedHeader(capacity: 64, continuing: true)
        tail.field("seq", JSONValue(seq))
        tail.string("stream", stream)
        tail.field("version", JSONValue(version))
        tail.bytes.append(UInt8(ascii: "}"))
        return Publication(
            topic: Array("pred/\(model)".utf8), head: head.bytes, tail: tail.bytes,
            binary: arrays.map(Float64Frame.encode))
    }
}

/// A JSON object written key by key, the caller keeping the keys in sorted order (as `serialized()` does).
private struct SortedHeader {
    var bytes: [UInt8] = []
    private var first: Bool

    /// `continuing`: the object was opened (and has a member) in another buffer.
    init(capacity: Int, continuing: Bool = false) {
        bytes.reserveCapacity(capacity)
        first = continuing ? false : true
        if !continuing { bytes.append(UInt8(ascii: "{")) }
    }

    mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONValue.writeString(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: String, _ value: JSONValue) {
        key(name)
        value.write(into: &bytes)
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        JSONValue.writeString(value, into: &bytes)
    }
}
