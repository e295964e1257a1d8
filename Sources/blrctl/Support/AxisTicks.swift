import Foundation

/// Round tick positions for a plot axis: about `count` multiples of 1, 2 or 5 × 10ᵏ covering [low, high].
enum AxisTicks {
    /// The axis range widened to whole steps, and the ticks in it. A degenerate range is opened around its value.
    static func nice(_ low: Double, _ high: Double, count: Int = 5) -> (low: Double, high: Double, ticks: [Double]) {
        var (low, high) = (low, high)
        if !(high > low) {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let raw = (high - low) / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(low / step) * step
        let last = ceil(high / step) * step
        var ticks: [Double] = []
        var k = 0
        while first + Double(k) * step <= last + step * 1e-9 {
            // Snap to the step's grid so 0.30000000000000004 prints as 0.3.
            ticks.append((first / step + Double(k)).rounded() * step)
            k += 1
        }
        return (first, last, ticks)
    }

    /// A tick's label: short, without trailing noise (`0.25`, `1e+04`).
    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        return String(format: "%.4g", value)
    }
}
