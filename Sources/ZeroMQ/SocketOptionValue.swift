/// A Swift type that a socket option's bytes are read into and written from (`zmq_getsockopt`/`zmq_setsockopt`).
///
/// The conformances cover what libzmq's options take: `Int32` (`int`), `Int64` (`int64_t`), `Bool` (an `int`
/// that is 0 or 1), `String` (endpoints and Z85 keys, without a terminating NUL) and `[UInt8]` (binary:
/// subscriptions, routing ids).
public protocol SocketOptionValue: Sendable {
    /// Decodes a value from the bytes libzmq returned.
    init(optionBytes bytes: UnsafeRawBufferPointer)

    /// Calls `body` with the bytes libzmq should store.
    func withOptionBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result
}

extension Int32: SocketOptionValue {
    public init(optionBytes bytes: UnsafeRawBufferPointer) {
        self = bytes.loadUnaligned(as: Int32.self)
    }

    public func withOptionBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(of: self, body)
    }
}

extension Int64: SocketOptionValue {
    public init(optionBytes bytes: UnsafeRawBufferPointer) {
        self = bytes.loadUnaligned(as: Int64.self)
    }

    public func withOptionBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(of: self, body)
    }
}

extension Bool: SocketOptionValue {
    public init(optionBytes bytes: UnsafeRawBufferPointer) {
        self = bytes.loadUnaligned(as: Int32.self) != 0
    }

    public func withOptionBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Int32(self ? 1 : 0).withOptionBytes(body)
    }
}

extension String: SocketOptionValue {
    /// Decodes UTF-8 up to the first NUL (libzmq NUL-terminates string options).
    public init(optionBytes bytes: UnsafeRawBufferPointer) {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        self = String(decoding: bytes[..<end], as: UTF8.self)
    }

    public func withOptionBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Array(utf8).withUnsafeBytes(body)
    }
}

extension Array: SocketOptionValue where Element == UInt8 {
    public init(optionBytes bytes: UnsafeRawBufferPointer) {
        self = Array(bytes)
    }

    public func withOptionBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(body)
    }
}
