import Inference

/// JSON pieces of the control socket's replies and requests (docs/PROTOCOL.md §3).
public enum ControlJSON {
    /// A predictive distribution as the fields of `pred/` with the arrays inline (the `predict` reply):
    /// `kind`, `n`, and gaussian `mean`, `variance` (and `dof` for a Student-t); probs `classes`, `p` as n rows
    /// of K; poisson `rate`, `variance`.
    public static func predictive(_ predictive: Predictive) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["kind": .string(predictive.kind), "n": JSONValue(predictive.count)]
        switch predictive {
        case .gaussian(let mean, let variance, let dof):
            fields["mean"] = JSONValue(mean)
            fields["variance"] = JSONValue(variance)
            if let dof { fields["dof"] = .double(dof) }
        case .probabilities(let p, let k):
            fields["classes"] = JSONValue(k)
            fields["p"] = .array(stride(from: 0, to: p.count, by: k).map { JSONValue(Array(p[$0..<($0 + k)])) })
        case .poisson(let rate, let variance):
            fields["rate"] = JSONValue(rate)
            fields["variance"] = JSONValue(variance)
        }
        return fields
    }

    /// Metrics as a JSON object, leaving out nil and non-finite values.
    public static func metrics(_ metrics: [String: Double?]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for case let (name, value?) in metrics where value.isFinite { out[name] = .double(value) }
        return .object(out)
    }

    /// The `x` of a `predict` request: rows of `features` finite numbers, as n × d row-major doubles. Errors
    /// are the JSON-form ingest errors (`DecodeError`, with no seq).
    public static func rows(_ x: JSONValue?, features: Int, maxElements: Int = IngestDecoder.defaultMaxElements)
        throws(DecodeError) -> [Double]
    {
        guard let x, !x.isNull else { throw .missingX(seq: nil) }
        return try JSONArrays.matrix(x, features: features, maxElements: maxElements, seq: nil)
    }

    /// The serialized reply object.
    public static func reply(_ fields: [String: JSONValue]) -> [UInt8] {
        JSONValue.object(fields).serialized()
    }

    /// `{"error": message}`.
    public static func error(_ message: String) -> [UInt8] {
        reply(["error": .string(message)])
    }
}
