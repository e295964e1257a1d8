#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A non-blocking pipe that wakes a thread blocked in `zmq_poll`: any thread ``ring()``s, the polling
/// thread watches ``readDescriptor`` and ``drain()``s it after waking.
///
/// A pipe rather than an eventfd because Swift's Glibc module does not import `sys/eventfd.h` and a pipe
/// works on Darwin too. `Sendable`: its state is two immutable descriptors, and `write(2)`/`read(2)` on a
/// pipe are thread-safe.
public final class Doorbell: Sendable {
    /// The end to poll for readability.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Opens the pipe, both ends non-blocking and close-on-exec.
    public init() throws {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw ZeroMQError(errno: errno, operation: "pipe for a SocketLoop doorbell")
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes ``readDescriptor`` readable. Never blocks: a full pipe is already readable.
    public func ring() {
        var byte: UInt8 = 1
        while write(writeDescriptor, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Empties the pipe, so the next poll blocks until the next ``ring()``.
    public func drain() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let size = MemoryLayout.size(ofValue: buffer)
        while true {
            let count = withUnsafeMutableBytes(of: &buffer) { read(readDescriptor, $0.baseAddress, size) }
            if count == size || (count < 0 && errno == EINTR) { continue }
            return
        }
    }
}
