/// `blrd --log-format`: lines for people (`text`) or one JSON object per line for log shippers (`json`).
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}
