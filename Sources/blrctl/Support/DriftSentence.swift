import Decode

/// A drift alert's fields in one sentence, as `blrctl watch`, `alerts` and `report` print it: the change-point
/// detector's P(change) and how far back the run began, or the CUSUM's statistic against its threshold; then
/// the action taken.
enum DriftSentence {
    /// - Parameter actionLabel: what precedes the action (`alerts`' table leaves it out).
    static func text(_ f: [String: JSONValue], actionLabel: String = "action ") -> String? {
        var out: String
        if let p = f["p_change"]?.doubleValue {
            out = "change confirmed: P(change) \(Format.number(p))"
            if let run = f["run_length"]?.doubleValue {
                out += ", the new run began \(Format.number(run)) examples back"
            }
        } else if let statistic = f["statistic"]?.doubleValue {
            out = "statistic \(Format.number(statistic))"
            if let threshold = f["threshold"]?.doubleValue { out += " > \(Format.number(threshold))" }
        } else {
            return nil
        }
        if let action = f["action"]?.stringValue { out += ", \(actionLabel)\(action)" }
        return out
    }
}
