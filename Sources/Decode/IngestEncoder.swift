import Inference
import Vocabulary

/// Publisher → daemon messages (docs/PROTOCOL.md §1) as ZeroMQ frames, the inverse of `IngestDecoder`: what
/// `blr-publish` and the tests send. Binary: topic, JSON header with the array descriptors, raw x, raw y.
/// JSON: topic and one document with the numbers inline.
public enum IngestEncoder {
    /// Binary form: x as `precision` (`<f8` keeps every bit; `<f4` halves the bytes), labels as `<f8` for
    /// regression and `<i8` otherwise (class index or count).
    public static func binary(
        stream: String, seq: UInt64, epoch: UInt64? = nil, batch: Batch, integerLabels: Bool,
        precision: DType = .f8, ids: [ExampleID]? = nil, ts: Double? = nil
    ) -> [[UInt8]] {
        precondition(precision.isFloatingPoint, "x goes as <f4 or <f8")
        let n = batch.count, d = batch.features
        var header: [String: JSONValue] = [
            "seq": JSONValue(seq),
            "x": ["dtype": .string(precision.rawValue), "shape": [JSONValue(n), JSONValue(d)]],
        ]
        if let epoch { header["epoch"] = JSONValue(epoch) }
        if let ids { header["ids"] = .array(ids.map(\.json)) }
        if let ts { header["ts"] = JSONValue(ts) }
        var frames: [[UInt8]] = [Array(stream.utf8), [], xBytes(batch.x, precision)]
        if let y = batch.y {
            header["y"] = ["dtype": .string((integerLabels ? DType.i8 : .f8).rawValue), "shape": [JSONValue(n)]]
            frames.append(integerLabels ? integerBytes(y) : Float64Frame.encode(y))
        }
        frames[1] = JSONValue.object(header).serialized()
        return frames
    }

    /// JSON form: `{"seq", "x": [[…]], "y": […], "ids", "epoch", "ts"}`.
    public static func json(
        stream: String, seq: UInt64, epoch: UInt64? = nil, batch: Batch, integerLabels: Bool,
        ids: [ExampleID]? = nil, ts: Double? = nil
    ) -> [[UInt8]] {
        let d = batch.features
        var body: [String: JSONValue] = [
            "seq": JSONValue(seq),
            "x": .array((0..<batch.count).map { JSONValue(Array(batch.x[($0 * d)..<($0 * d + d)])) }),
        ]
        if let y = batch.y { body["y"] = .array(y.map { integerLabels ? JSONValue(Int($0)) : JSONValue($0) }) }
        if let epoch { body["epoch"] = JSONValue(epoch) }
        if let ids { body["ids"] = .array(ids.map(\.json)) }
        if let ts { body["ts"] = JSONValue(ts) }
        return [Array(stream.utf8), JSONValue.object(body).serialized()]
    }

    static func xBytes(_ x: [Double], _ precision: DType) -> [UInt8] {
        switch precision {
        case .f8: return Float64Frame.encode(x)
        case .f4:
            var out = [UInt8](repeating: 0, count: 4 * x.count)
            out.withUnsafeMutableBytes { raw in
                for (i, v) in x.enumerated() {
                    raw.storeBytes(of: Float(v).bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                }
            }
            return out
        case .i4, .i8: preconditionFailure("x goes as <f4 or <f8")
        }
    }

    static func integerBytes(_ y: [Double]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 8 * y.count)
        out.withUnsafeMutableBytes { raw in
            for (i, v) in y.enumerated() {
                raw.storeBytes(of: Int64(v).littleEndian, toByteOffset: 8 * i, as: Int64.self)
            }
        }
        return out
    }
}
