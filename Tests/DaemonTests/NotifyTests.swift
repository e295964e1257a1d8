#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing

/// The systemd notify protocol on a test NOTIFY_SOCKET: READY=1, WATCHDOG=1 pings at half of WATCHDOG_USEC,
/// then STOPPING=1 on SIGTERM, in that order; exit status 0.
@Suite(.serialized) struct NotifyTests {
    /// A bound AF_UNIX datagram socket at `path`.
    static func listen(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw DaemonHarness.HarnessError(description: "bind \(path): errno \(errno)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func next(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
    }

    @Test func readyWatchdogStoppingInOrder() throws {
        let h = try DaemonHarness(
            streams: [("s", 2, "regression")], models: "[[model]]\nname = \"m\"\nstream = \"s\"\n")
        let path = h.directory.appendingPathComponent("notify").path
        let fd = try Self.listen(at: path)
        defer { close(fd) }
        try h.start(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"])
        let ready = try #require(Self.next(fd))
        #expect(ready.split(separator: "\n").first == "READY=1")
        var pings = 0
        while pings < 3, let message = Self.next(fd) {
            if message == "WATCHDOG=1" { pings += 1 }
            #expect(!message.contains("STOPPING"))
        }
        #expect(pings == 3)
        h.process?.terminate()
        var stopping = false
        while let message = Self.next(fd) {
            if message.contains("STOPPING=1") { stopping = true; break }
        }
        #expect(stopping)
        let (status, _) = try h.waitForExit()
        #expect(status == 0)
    }
}
