import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Socket {
    /// Sends one multipart message: every frame but the last with `ZMQ_SNDMORE`.
    ///
    /// Each frame is copied once, by `zmq_send`, straight from the array's buffer. libzmq delivers multipart
    /// messages atomically and applies the high-water mark to whole messages, so once the first frame is
    /// accepted the rest are too. Interrupted calls (`EINTR`) are retried.
    ///
    /// - Parameters:
    ///   - frames: the frames, at least one; an empty array is an empty frame.
    ///   - dontWait: fail with `EAGAIN` (``ZeroMQError/isAgain``) instead of blocking when the message cannot be
    ///     queued (PUSH/DEALER/REQ with no peer or at the high-water mark). A PUB never blocks either way: it
    ///     drops the message at the high-water mark and reports success.
    /// - Throws: ``ZeroMQError``; `EINVAL` for a message with no frames.
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws {
        let handle = try openHandle("send")
        guard let last = frames.indices.last else {
            throw ZeroMQError(errno: EINVAL, operation: "send a message with no frames on \(type)")
        }
        let flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        for index in frames.indices {
            let frameFlags = index == last ? flags : flags | ZMQ_SNDMORE
            try frames[index].withUnsafeBytes { buffer in
                while zmq_send(handle, buffer.baseAddress, buffer.count, frameFlags) < 0 {
                    let error = ZeroMQError.last("send frame \(index + 1) of \(frames.count) on \(self.type)")
                    guard error.isInterrupted else { throw error }
                }
            }
        }
    }

    /// Sends a message whose frames are the UTF-8 bytes of `frames`.
    public func send(_ frames: [String], dontWait: Bool = false) throws {
        try send(frames.map { Array($0.utf8) }, dontWait: dontWait)
    }

    /// Receives one whole multipart message, or `nil` if none is ready.
    ///
    /// Reads frames into one reused `zmq_msg_t` until `zmq_msg_more` (the per-message form of
    /// `ZMQ_RCVMORE`) reports the last one, copying each into its own array. Interrupted calls (`EINTR`) are
    /// retried.
    ///
    /// - Parameter dontWait: return `nil` at once when no message is queued; otherwise block, up to
    ///   `ZMQ_RCVTIMEO` (``SocketOption/receiveTimeout``) if set, then return `nil`.
    /// - Returns: the frames, at least one; `nil` on `EAGAIN`.
    /// - Throws: ``ZeroMQError``: `ETERM` once the context is shut down, `EFSM` out of turn on REQ/REP, …
    public func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        let handle = try openHandle("receive")
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        let flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        var frames: [[UInt8]] = []
        while true {
            guard zmq_msg_recv(&message, handle, flags) >= 0 else {
                let error = ZeroMQError.last("receive frame \(frames.count + 1) on \(type)")
                if error.isInterrupted { continue }
                if error.isAgain && frames.isEmpty { return nil }
                throw error
            }
            let size = zmq_msg_size(&message)
            if size == 0 {
                frames.append([])
            } else {
                frames.append(Array(UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: size)))
            }
            if zmq_msg_more(&message) == 0 {
                return frames
            }
        }
    }
}
