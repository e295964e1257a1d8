import Vocabulary

/// Why an ingest message was rejected whole (docs/PROTOCOL.md §1.3). The daemon publishes `description` as the
/// `reason` of an `alert/input/<stream>` message, with `seq` when the header got far enough to have one.
public enum DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Frame 0 is not the stream name, byte for byte (a topic that only shares a prefix is refused).
    case wrongTopic(expected: String, got: String)
    /// The message has `got` frames; `expected` lists the counts its form allows.
    case frameCount(got: Int, expected: [Int], seq: UInt64?)
    /// A string in the header is not UTF-8.
    case headerNotUTF8(offset: Int)
    /// Frame 1 is not a JSON document.
    case headerNotJSON(reason: String)
    /// Frame 1 is JSON but not an object.
    case headerNotObject(found: String)
    /// The header has no `seq`.
    case missingSeq
    /// `seq` is not a non-negative integer in `UInt64`.
    case invalidSeq(found: String)
    /// `epoch` is present and not a non-negative integer.
    case invalidEpoch(found: String, seq: UInt64?)
    /// `ts` is present and not a finite number.
    case invalidTimestamp(found: String, seq: UInt64?)
    /// The header has no `x`.
    case missingX(seq: UInt64?)
    /// The `x` or `y` descriptor is not an object with a `dtype` string and a `shape` of non-negative integers.
    case invalidDescriptor(field: String, reason: String, seq: UInt64?)
    /// The `x` dtype is not `<f4` or `<f8`.
    case featureDType(dtype: String, seq: UInt64?)
    /// The `y` dtype is not one the stream's task accepts.
    case labelDType(dtype: String, task: LearningTask, seq: UInt64?)
    /// A descriptor says `fortran_order: true`; only C order is accepted.
    case fortranOrder(field: String, seq: UInt64?)
    /// Rows have `got` features; the stream has `expected`.
    case featureMismatch(expected: Int, got: Int, seq: UInt64?)
    /// n × d exceeds the decoder's element limit (checked before anything is allocated).
    case tooLarge(rows: Int, features: Int, limit: Int, seq: UInt64?)
    /// The raw bytes of `field` are not shape × dtype size long.
    case byteLength(field: String, expected: Int, got: Int, seq: UInt64?)
    /// y has shape `got`; it must be [n].
    case labelShape(expected: Int, got: [Int], seq: UInt64?)
    /// JSON form: `field` is not an array of numbers of the required shape.
    case invalidArray(field: String, reason: String, seq: UInt64?)
    /// A value of `field` is NaN or infinite (the column is nil for y).
    case nonFinite(field: String, row: Int, column: Int?, seq: UInt64?)
    /// A label the task cannot have produced.
    case labelOutOfRange(row: Int, value: Double, reason: String, seq: UInt64?)
    /// `ids` is not an array of n strings or integers.
    case invalidIDs(reason: String, seq: UInt64?)
    /// The decoded numbers were refused by `Inference.Batch` (a safety net; the checks above come first).
    case invalidBatch(reason: String, seq: UInt64?)

    /// The message's `seq`, when it was readable.
    public var seq: UInt64? {
        switch self {
        case .wrongTopic, .headerNotUTF8, .headerNotJSON, .headerNotObject, .missingSeq, .invalidSeq: return nil
        case .frameCount(_, _, let s), .invalidEpoch(_, let s), .invalidTimestamp(_, let s), .missingX(let s),
            .invalidDescriptor(_, _, let s), .featureDType(_, let s), .labelDType(_, _, let s),
            .fortranOrder(_, let s), .featureMismatch(_, _, let s), .tooLarge(_, _, _, let s),
            .byteLength(_, _, _, let s), .labelShape(_, _, let s), .invalidArray(_, _, let s),
            .nonFinite(_, _, _, let s), .labelOutOfRange(_, _, _, let s), .invalidIDs(_, let s),
            .invalidBatch(_, let s):
            return s
        }
    }

    /// A short stable name of the kind of error, for metrics and the `code` of an input alert.
    public var code: String {
        switch self {
        case .wrongTopic: return "topic"
        case .frameCount: return "frames"
        case .headerNotUTF8: return "header_utf8"
        case .headerNotJSON: return "header_json"
        case .headerNotObject: return "header_object"
        case .missingSeq: return "seq_missing"
        case .invalidSeq: return "seq_invalid"
        case .invalidEpoch: return "epoch"
        case .invalidTimestamp: return "ts"
        case .missingX: return "x_missing"
        case .invalidDescriptor: return "descriptor"
        case .featureDType: return "x_dtype"
        case .labelDType: return "y_dtype"
        case .fortranOrder: return "fortran_order"
        case .featureMismatch: return "features"
        case .tooLarge: return "too_large"
        case .byteLength: return "byte_length"
        case .labelShape: return "y_shape"
        case .invalidArray: return "array"
        case .nonFinite: return "non_finite"
        case .labelOutOfRange: return "label_range"
        case .invalidIDs: return "ids"
        case .invalidBatch: return "batch"
        }
    }
}
