import ArgumentParser
import Foundation

/// A point in time on the command line: ISO-8601 (`2025-01-31T12:00:00Z`, with or without fractional
/// seconds or a zone offset, or a date `2025-01-31` meaning its UTC midnight) or a time ago (`90s`, `10m`,
/// `2h`, `1d`, `1w`).
struct TimeSpec: ExpressibleByArgument, Sendable {
    let text: String
    /// Resolves against the clock when the command runs.
    let resolve: @Sendable (Date) -> Date

    init?(argument: String) {
        text = argument
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = argument.last, let seconds = units[unit], let amount = Double(argument.dropLast()),
            amount >= 0, amount.isFinite
        {
            resolve = { now in now.addingTimeInterval(-amount * seconds) }
            return
        }
        guard let date = Self.parseISO(argument) else { return nil }
        resolve = { _ in date }
    }

    static func parseISO(_ text: String) -> Date? {
        let utc = TimeZone(identifier: "UTC")!
        let styles = [
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: utc),
            Date.ISO8601FormatStyle(timeZone: utc),
            Date.ISO8601FormatStyle(timeZone: utc).year().month().day(),
        ]
        for style in styles {
            if let date = try? style.parse(text) { return date }
        }
        return nil
    }
}
