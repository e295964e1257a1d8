/// A published message built ahead of its `pubseq`: the topic, the header without `pubseq` and `instance`, and
/// the binary frames already encoded. The publisher stamps it when it sends it, so a message can be built
/// outside the publisher's lock, or held until its batch is durable, without copying the model it describes.
public struct OutboundMessage: Sendable {
    public let topic: String
    public let header: [String: JSONValue]
    public let binary: [[UInt8]]

    public init(topic: String, header: [String: JSONValue], arrays: [[Double]]) {
        self.topic = topic
        self.header = header
        binary = arrays.map(Float64Frame.encode)
    }

    /// The frames with `pubseq` and `instance` in the header.
    public func frames(pubseq: UInt64, instance: String) -> [[UInt8]] {
        var header = header
        header["pubseq"] = JSONValue(pubseq)
        header["instance"] = .string(instance)
        return [Array(topic.utf8), JSONValue.object(header).serialized()] + binary
    }
}
