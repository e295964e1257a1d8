import Inference

/// Ingest frames → a validated `IngestMessage` (docs/PROTOCOL.md §1), in either wire form:
///
/// - binary: frame 0 topic, frame 1 JSON header `{"seq", "x": {"dtype", "shape"}, "y"?, "ids"?, "epoch"?,
///   "ts"?}`, frame 2 the raw little-endian C-order bytes of x, frame 3 those of y iff the header has `y`;
/// - JSON: exactly two frames, frame 1 `{"seq", "x": [[…], …], "y"?: […], "ids"?, "epoch"?, "ts"?}`.
///
/// The decoder is pure and total: every malformed message becomes a `DecodeError` naming the offending
/// frame or field, and `seq` when it could be read. Sizes are checked against the header before anything
/// is allocated, and binary x is converted in one pass that also checks finiteness.
public enum IngestDecoder {
    /// The default element limit n × d: 16 Mi values (128 MiB as doubles).
    public static let defaultMaxElements = 1 << 24

    /// Decodes one multipart message for `stream`. Messages of two frames are the JSON form, of three or
    /// four the binary form; `maxElements` bounds n × d.
    public static func decode(
        _ frames: [[UInt8]], stream: StreamSpec, maxElements: Int = defaultMaxElements
    ) throws(DecodeError) -> IngestMessage {
        guard let topic = frames.first else { throw .frameCount(got: 0, expected: [2, 3, 4], seq: nil) }
        guard topic.elementsEqual(stream.name.utf8) else {
            throw .wrongTopic(expected: stream.name, got: String(decoding: topic, as: UTF8.self))
        }
        guard (2...4).contains(frames.count) else {
            let seq = frames.count > 1 ? IngestHeader.bestEffortSeq(frames[1]) : nil
            throw .frameCount(got: frames.count, expected: [2, 3, 4], seq: seq)
        }
        let header = try IngestHeader(frames[1])
        if frames.count == 2 {
            return try decodeJSON(header, stream: stream, maxElements: maxElements)
        }
        return try decodeBinary(frames, header: header, stream: stream, maxElements: maxElements)
    }

    /// n × d when it is within the limit.
    static func elementCount(rows n: Int, stream: StreamSpec, maxElements: Int, seq: UInt64?) throws(DecodeError) -> Int
    {
        let (elements, overflow) = n.multipliedReportingOverflow(by: stream.features)
        guard !overflow, elements <= maxElements else {
            throw .tooLarge(rows: n, features: stream.features, limit: maxElements, seq: seq)
        }
        return elements
    }

    /// The batch of already validated numbers (`Batch` checks again; its refusal is only a safety net).
    static func batch(x: [Double], y: [Double]?, stream: StreamSpec, seq: UInt64) throws(DecodeError) -> Batch {
        do {
            return try Batch(x: x, y: y, features: stream.features)
        } catch {
            throw .invalidBatch(reason: String(describing: error), seq: seq)
        }
    }
}
