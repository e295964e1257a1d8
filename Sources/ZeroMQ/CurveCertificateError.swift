/// A CURVE certificate file that cannot be used: which file and why, in words an operator can act on.
public struct CurveCertificateError: Error, Equatable, CustomStringConvertible {
    /// The file, as the caller named it.
    public let file: String
    /// What is wrong with it.
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// `keys/server.key_secret: secret-key is not a 40-character Z85 key`.
    public var description: String { "\(file): \(message)" }
}
