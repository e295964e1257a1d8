import CZeroMQ

extension Socket {
    /// Sets a socket option (`zmq_setsockopt`): `try socket.set(.linger, 0)`.
    public func set<Value>(_ option: SocketOption<Value>, _ value: Value) throws {
        let handle = try openHandle("setsockopt \(option.name)")
        try value.withOptionBytes { bytes in
            guard zmq_setsockopt(handle, option.code, bytes.baseAddress, bytes.count) == 0 else {
                throw ZeroMQError.last("setsockopt \(option.name)")
            }
        }
    }

    /// Reads a socket option (`zmq_getsockopt`): `try socket.get(.receiveHighWaterMark)`.
    /// Write-only options (subscriptions, `xpubVerbose`, `routerMandatory`) fail with `EINVAL`.
    public func get<Value>(_ option: SocketOption<Value>) throws -> Value {
        let handle = try openHandle("getsockopt \(option.name)")
        var buffer = [UInt8](repeating: 0, count: option.readCapacity)
        return try buffer.withUnsafeMutableBytes { raw in
            var size = raw.count
            guard zmq_getsockopt(handle, option.code, raw.baseAddress, &size) == 0 else {
                throw ZeroMQError.last("getsockopt \(option.name)")
            }
            return Value(optionBytes: UnsafeRawBufferPointer(rebasing: raw[..<size]))
        }
    }
}
