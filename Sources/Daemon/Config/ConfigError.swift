/// A configuration the daemon refuses to start with: the file, the line where the parser or the key is, the key
/// path and what is wrong with it.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let key: String?
    public let message: String

    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var at = file
        if let line { at += ":\(line)" }
        if let key { return "\(at): \(key): \(message)" }
        return "\(at): \(message)"
    }
}
