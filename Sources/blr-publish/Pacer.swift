import Foundation

/// Paces messages at `--rate` per second on the monotonic clock.
///
/// Message k is due at start + k / rate, an absolute schedule: a late message does not push the later ones back,
/// so rounding and sleep overshoot never accumulate, and a publisher held up (by a slow subscriber) catches up
/// to the average rate. Without a rate every message is due at once.
struct Pacer {
    /// Messages per second, or nil for full speed.
    let rate: Double?
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant?

    /// A pacer for `rate` messages per second; 0 means full speed.
    init(rate: Double) {
        self.rate = rate > 0 ? rate : nil
    }

    /// Restarts the schedule so that message `index` is due now (after a pause the rate resumes without a burst).
    mutating func restart(atMessage index: Int) {
        guard let rate else { return }
        start = clock.now - .seconds(Double(index) / rate)
    }

    /// Blocks until message `index` (0-based) is due; the first call starts the schedule.
    mutating func wait(forMessage index: Int) {
        guard let rate else { return }
        let now = clock.now
        guard let start else {
            self.start = now
            return
        }
        let due = start + .seconds(Double(index) / rate)
        guard due > now else { return }
        let (seconds, attoseconds) = (due - now).components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) * 1e-18)
    }
}
