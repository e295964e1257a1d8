import Decode

/// The metrics object stored with a snapshot (`{"log_loss": 0.41, "n": 5000, …}`) as numbers by name.
enum MetricsJSON {
    static func parse(_ text: String) -> [String: Double] {
        guard let object = (try? JSONValue.parse(Array(text.utf8)))?.objectValue else { return [:] }
        var out: [String: Double] = [:]
        for (name, value) in object { if let v = value.doubleValue { out[name] = v } }
        return out
    }

    /// The metrics as a JSON object; the example count `n` as an integer.
    static func json(_ metrics: [String: Double]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for (name, value) in metrics {
            if name == "n", let count = Int(exactly: value) {
                out[name] = JSONValue(count)
            } else {
                out[name] = JSONValue(value)
            }
        }
        return .object(out)
    }
}
