/// A failure that ends `blr-publish` with one line on stderr and a non-zero exit status.
///
/// The message is a single line naming what went wrong and where (`data.csv:4: column 2 ("b"): "abc" is not a
/// number`); the command prints it after `blr-publish: ` and exits with ``status``: 1 for bad input, a socket
/// that cannot be set up, or a send that failed; 2 when no subscriber turned up within `--wait`.
struct PublishError: Error, CustomStringConvertible {
    /// The one-line message, without the `blr-publish: ` prefix.
    let message: String
    /// The process exit status.
    let status: Int32

    /// A failure with `message` and exit status `status` (default 1).
    init(_ message: String, status: Int32 = 1) {
        // One line, whatever the parts were: a newline inside would break the one-line contract.
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.status = status
    }

    var description: String { message }

    /// No subscriber for the stream within the wait: exit status 2.
    static func noSubscriber(_ message: String) -> PublishError {
        PublishError(message, status: 2)
    }
}
