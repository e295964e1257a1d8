/// Every key each table of the configuration accepts. The parser checks a table against its list before it
/// reads a value, so a typo is reported as the unknown key it is (`clases = 10` → "unknown key 'clases' (did you
/// mean 'classes'?)") and not as the missing key it hides ("a multiclass stream needs classes").
///
/// A key added to a parser must be added here; `TableReader.finish()` still refuses keys a parser did not read,
/// and a test parses a table setting every listed key.
enum KnownKeys {
    static let top = ["daemon", "stream", "model"]

    static let daemon = [
        "state", "publish", "control", "log_level", "dead_letter_limit", "max_message_bytes", "memory_limit",
        "max_subscribers", "receive_hwm", "publish_hwm", "shutdown_timeout", "journal", "journal_fsync",
        "persist_failures", "max_seq_jump", "curve_secret_key_file", "curve_allowed_clients", "allow_remote_control",
        "http", "allow_remote_http", "metrics_interval", "max_model_bytes", "keep_alerts", "keep_alerts_for",
        "keep_dead_letters_for",
    ]

    static let stream = ["name", "connect", "bind", "features", "task", "classes", "coalesce"]

    static let model =
        [
            "name", "stream", "rule", "likelihood", "noise_variance", "forgetting", "snapshot_every", "keep_snapshots",
            "keep_for", "publish_model_every", "drift_detector", "drift_hazard", "drift_threshold", "drift_memory",
            "drift_alarm_forgetting", "sensitivity_threshold",
            "sensitivity_rate", "sensitivity_limit", "whatif_memory", "quarantine", "calibrate", "seed", "noise_shape",
            "noise_rate",
        ] + ModelConfigParser.singleRuleKeys
}

extension TableReader {
    /// Refuses the first key (in file order) that is not in `known`, with the closest known key as a
    /// suggestion. Runs before any value is read, so no other complaint can hide a typo.
    func refuseUnknown(_ known: [String]) throws {
        let allowed = Set(known)
        let unknown = table.keys.filter { !allowed.contains($0) }
        guard !unknown.isEmpty else { return }
        // The first in the file, so the line named is the first a reader meets.
        let first = unknown.min { (line(of: $0) ?? .max, $0) < (line(of: $1) ?? .max, $1) }!
        throw error(first, KeySuggestion.unknownKeyMessage(first, known: known))
    }
}
