/// A failure of a blrctl command, with the message the operator reads (exit status 1, no stack trace).
struct CtlError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
