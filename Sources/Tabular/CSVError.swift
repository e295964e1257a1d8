/// Why a CSV file could not be read: one sentence that names the file, the line (1-based, as an editor counts
/// lines: blank lines included, a record that spans lines named by its first) and the column.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
