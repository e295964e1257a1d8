import ArgumentParser

/// `MODEL[@VERSION]` on the command line: a model's snapshot version, or (no version) its newest intact one.
struct SnapshotRef: ExpressibleByArgument, Sendable, Equatable, CustomStringConvertible {
    var model: String
    /// Nil: the newest snapshot that reads back intact.
    var version: Int?

    init(model: String, version: Int?) {
        self.model = model
        self.version = version
    }

    /// Splits at the last `@`, so a model name may itself contain one; `@latest` is the same as no version.
    init?(argument: String) {
        guard let at = argument.lastIndex(of: "@") else {
            guard !argument.isEmpty else { return nil }
            self.init(model: argument, version: nil)
            return
        }
        let name = String(argument[..<at])
        let tail = argument[argument.index(after: at)...]
        guard !name.isEmpty else { return nil }
        if tail == "latest" {
            self.init(model: name, version: nil)
        } else if let version = Int(tail), version >= 1 {
            self.init(model: name, version: version)
        } else {
            return nil
        }
    }

    var description: String { version.map { "\(model)@\($0)" } ?? model }
}
