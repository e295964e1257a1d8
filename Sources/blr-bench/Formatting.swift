import Foundation

/// Number formatting shared by the subcommands' tables.
enum Format {
    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, _ digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// An optional score, or `–` when undefined.
    static func fixed(_ value: Double?, _ digits: Int = 3) -> String {
        value.map { fixed($0, digits) } ?? "–"
    }

    /// A rate with an SI prefix: `12.35 M`, `850.2 k`, `97.1`; `aligned` pads an unprefixed rate with two
    /// spaces so the digits of a right-aligned column line up.
    static func rate(_ value: Double, aligned: Bool = false) -> String {
        switch value {
        case 1e9...: return fixed(value / 1e9, 2) + " G"
        case 1e6...: return fixed(value / 1e6, 2) + " M"
        case 1e3...: return fixed(value / 1e3, 1) + " k"
        default: return fixed(value, 1) + (aligned ? "  " : "")
        }
    }

    /// Seconds of a duration as a `Double`.
    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// `text` padded with spaces to `width` columns, on the left when `right` (for numbers).
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = max(0, width - text.count)
        let fill = String(repeating: " ", count: gap)
        return right ? fill + text : text + fill
    }
}
