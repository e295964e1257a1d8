import ArgumentParser
import Vocabulary

/// `--kind`: one of the kinds blrd publishes; the store's open set of kinds reads back whatever was recorded.
extension AlertKind: ExpressibleByArgument {
    public init?(argument: String) {
        guard let kind = Self.allCases.first(where: { $0.rawValue == argument }) else { return nil }
        self = kind
    }
}
