import Foundation

/// The `summary` of an `alert/sensitivity/<model>` message: what the monitor found, in one sentence, e.g.
/// "2 of 64 examples would move the posterior 14–31× as much as a typical one: ids 17, 942; their labels disagree
/// with a confident prediction (a label as unlikely has probability ≤ 3e-05 under the model)".
public enum SensitivitySummary {
    /// What the labels of the stream are, for the words of the finding.
    public enum Labels: Sendable {
        case classes, targets, counts
    }

    /// - Parameters:
    ///   - examples: the reported examples (largest deviation first).
    ///   - flagged: how many the test flagged (≥ `examples.count`).
    ///   - usual: the typical deviation of an example (0: unknown, no ratio is given).
    public static func text(
        examples: [SensitiveExample], flagged: Int, batchSize: Int, usual: Double, labels: Labels, quarantined: Bool
    ) -> String {
        let one = flagged == 1
        var text = "\(flagged) of \(batchSize) examples would move the posterior"
        if usual > 0, let top = examples.first?.deviation, let bottom = examples.last?.deviation {
            let (low, high) = (ratio(bottom / usual), ratio(top / usual))
            text += " \(low == high ? low : "\(low)–\(high)")× as much as a typical one"
        }
        let listed = examples.map { e in e.id.map(\.description) ?? "\(e.index)" }
        let noun =
            examples.allSatisfy { $0.id != nil }
            ? (listed.count == 1 ? "id" : "ids") : (listed.count == 1 ? "row" : "rows")
        text += ": \(noun) \(listed.joined(separator: ", "))"
        if flagged > examples.count { text += " and \(flagged - examples.count) more" }
        let tail = examples.map(\.tail).max() ?? 1
        let p = String(format: "%.1g", tail)
        switch labels {
        case .classes:
            text += one ? "; its label disagrees" : "; their labels disagree"
            text += " with a confident prediction (a label as unlikely has probability ≤ \(p) under the model)"
        case .targets, .counts:
            let what = labels == .targets ? "target" : "count"
            text += one ? "; its \(what) lies" : "; their \(what)s lie"
            text += " far from the prediction (one as far has probability ≤ \(p) under the model)"
        }
        if quarantined { text += one ? "; not learned (quarantine)" : "; none of them learned (quarantine)" }
        return text
    }

    /// 14, 3.2 or 0.45: two significant digits, no exponent.
    static func ratio(_ r: Double) -> String {
        r >= 10 ? String(Int(r.rounded())) : String(format: r >= 1 ? "%.1f" : "%.2f", r)
    }
}
