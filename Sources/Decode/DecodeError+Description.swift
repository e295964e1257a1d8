extension DecodeError {
    /// A human reason naming the offending frame or field (published as the `reason` of `alert/input/`).
    public var description: String {
        switch self {
        case .wrongTopic(let expected, let got):
            return "topic \(quoted(got)) is not the stream name \(quoted(expected)) (topics must match exactly)"
        case .frameCount(let got, let expected, _):
            return "message has \(got) frame\(got == 1 ? "" : "s"); \(frameExpectation(expected))"
        case .headerNotUTF8(let offset):
            return "header (frame 1) is not valid UTF-8: a string at byte \(offset)"
        case .headerNotJSON(let reason):
            return "header (frame 1) is not valid JSON: \(reason)"
        case .headerNotObject(let found):
            return "header (frame 1) must be a JSON object, got \(found)"
        case .missingSeq:
            return "header has no seq (required: an unsigned integer)"
        case .invalidSeq(let found):
            return "seq must be an unsigned integer (0 ≤ seq < 2^64), got \(found)"
        case .invalidEpoch(let found, _):
            return "epoch must be an unsigned integer, got \(found)"
        case .invalidTimestamp(let found, _):
            return "ts must be a finite number (seconds), got \(found)"
        case .missingX(_):
            return "message has no x (required)"
        case .invalidDescriptor(let field, let reason, _):
            return "\(field) descriptor is invalid: \(reason)"
        case .featureDType(let dtype, _):
            return "x dtype \(quoted(dtype)) is not supported; send \"<f4\" or \"<f8\" (numpy's x.dtype.str)"
        case .labelDType(let dtype, let task, _):
            let allowed = task == .regression ? "\"<f4\" or \"<f8\"" : "\"<i4\", \"<i8\", \"<f4\" or \"<f8\""
            return "y dtype \(quoted(dtype)) is not accepted for a \(task.rawValue) stream; send \(allowed)"
        case .fortranOrder(let field, _):
            return "\(field) is in Fortran order; send C order (numpy.ascontiguousarray)"
        case .featureMismatch(let expected, let got, _):
            return "x has \(got) feature\(got == 1 ? "" : "s") per row; the stream has \(expected)"
        case .tooLarge(let rows, let features, let limit, _):
            return "x has \(rows) × \(features) values, above the limit of \(limit); split the batch"
        case .byteLength(let field, let expected, let got, _):
            return "\(field) frame has \(got) bytes; its shape and dtype need \(expected)"
        case .labelShape(let expected, let got, _):
            return "y must have shape [\(expected)] (one label per row of x), got \(got)"
        case .invalidArray(let field, let reason, _):
            return joined(field, reason)
        case .nonFinite(let field, let row, let column, _):
            let at = column.map { "[\(row)][\($0)]" } ?? "[\(row)]"
            return "\(field)\(at) is not finite (NaN or infinity)"
        case .labelOutOfRange(let row, let value, let reason, _):
            return "y[\(row)] = \(formatted(value)) is out of range: \(reason)"
        case .invalidIDs(let reason, _):
            return joined("ids", reason)
        case .invalidBatch(let reason, _):
            return "batch is invalid: \(reason)"
        }
    }

    /// `x[0][1] must …` for an element, `x must …` for the whole field.
    private func joined(_ field: String, _ reason: String) -> String {
        reason.hasPrefix("[") ? field + reason : field + " " + reason
    }

    private func quoted(_ s: String) -> String {
        JSONValue.string(s.count > 64 ? String(s.prefix(63)) + "…" : s).jsonText
    }

    private func formatted(_ v: Double) -> String {
        v.rounded(.towardZero) == v && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    private func frameExpectation(_ expected: [Int]) -> String {
        switch expected {
        case [4]: return "the header has y, so expected 4 (topic, header, x bytes, y bytes)"
        case [3]: return "the header has no y, so expected 3 (topic, header, x bytes)"
        case [3, 4]: return "x is a binary descriptor, so expected 3 or 4 (topic, header, x bytes, y bytes)"
        default: return "expected 2 (JSON form: topic, document) or 3–4 (binary form: topic, header, x, y bytes)"
        }
    }
}
