import Foundation

/// A token bucket for database writes caused by input (dead letters, alerts): a flood of bad messages must
/// not turn into a flood of fsyncs that stalls the stream. Alerts are still published; only recording is
/// limited, and the count of what was skipped is kept.
struct RecordLimiter {
    let perSecond: Double
    private var tokens: Double
    private var refilled = ContinuousClock.now
    private(set) var skipped = 0

    init(perSecond: Double) {
        self.perSecond = perSecond
        tokens = perSecond
    }

    mutating func allow() -> Bool {
        let now = ContinuousClock.now
        let elapsed = now - refilled
        refilled = now
        tokens = min(
            perSecond,
            tokens + perSecond * (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        guard tokens >= 1 else {
            skipped += 1
            return false
        }
        tokens -= 1
        return true
    }
}
