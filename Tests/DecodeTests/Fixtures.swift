import Decode
import Vocabulary

/// Deterministic test data (SplitMix64) and builders of ingest messages in both wire forms.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [−scale, scale).
    mutating func uniform(scale: Double = 1) -> Double {
        (Double(next() >> 11) / Double(1 << 53) * 2 - 1) * scale
    }

    mutating func below(_ k: Int) -> Int { Int(next() % UInt64(k)) }
}

enum Fixtures {
    static func stream(
        _ name: String = "sea", features: Int = 3, task: LearningTask = .binary, classes: Int? = nil
    ) -> StreamSpec {
        try! StreamSpec(name: name, features: features, task: task, classes: classes)
    }

    /// Little-endian bytes of a numeric array of the given dtype.
    static func bytes(_ values: [Double], as dtype: DType) -> [UInt8] {
        var out: [UInt8] = []
        for v in values {
            switch dtype {
            case .f4: withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { out.append(contentsOf: $0) }
            case .f8: withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            case .i4: withUnsafeBytes(of: Int32(v).littleEndian) { out.append(contentsOf: $0) }
            case .i8: withUnsafeBytes(of: Int64(v).littleEndian) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    static func descriptor(_ dtype: DType, _ shape: [Int]) -> JSONValue {
        ["dtype": .string(dtype.rawValue), "shape": .array(shape.map { JSONValue($0) })]
    }

    /// A binary-form message: the header gets `seq`, `x` and (when y is given) `y` descriptors, plus `extra`.
    static func binary(
        topic: String = "sea", seq: UInt64 = 1, x: [Double], d: Int, xType: DType = .f8, y: [Double]? = nil,
        yType: DType = .i4, extra: [String: JSONValue] = [:]
    ) -> [[UInt8]] {
        let n = x.count / d
        var header: [String: JSONValue] = ["seq": JSONValue(seq), "x": descriptor(xType, [n, d])]
        if y != nil { header["y"] = descriptor(yType, [n]) }
        header.merge(extra) { _, new in new }
        var frames = [Array(topic.utf8), JSONValue.object(header).serialized(), bytes(x, as: xType)]
        if let y { frames.append(bytes(y, as: yType)) }
        return frames
    }

    /// A JSON-form message with x as rows of d numbers.
    static func json(
        topic: String = "sea", seq: UInt64 = 1, x: [Double], d: Int, y: [Double]? = nil,
        extra: [String: JSONValue] = [:]
    ) -> [[UInt8]] {
        let rows = stride(from: 0, to: x.count, by: d).map { JSONValue(Array(x[$0..<($0 + d)])) }
        var document: [String: JSONValue] = ["seq": JSONValue(seq), "x": .array(rows)]
        if let y { document["y"] = JSONValue(y) }
        document.merge(extra) { _, new in new }
        return [Array(topic.utf8), JSONValue.object(document).serialized()]
    }

    /// A binary message with a hand-written header (for malformed headers).
    static func raw(topic: String = "sea", header: String, _ rest: [[UInt8]]) -> [[UInt8]] {
        [Array(topic.utf8), Array(header.utf8)] + rest
    }

    /// n × d uniform features and binary labels.
    static func data(n: Int, d: Int, seed: UInt64 = 7) -> (x: [Double], y: [Double]) {
        var g = SplitMix64(state: seed)
        let x = (0..<(n * d)).map { _ in g.uniform(scale: 3) }
        let y = (0..<n).map { _ in Double(g.below(2)) }
        return (x, y)
    }

    /// The error `body` throws, or nil.
    static func decodeError(_ body: () throws(DecodeError) -> IngestMessage) -> DecodeError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}
