import Foundation

/// A small tmpfs the test mounts (it needs root, as the CI machine runs its tests), to fill a disk for real or
/// make a file system read-only under a running or starting daemon.
final class Tmpfs {
    struct MountError: Error, CustomStringConvertible { let description: String }

    let path: String

    /// Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, as on the development and CI machines).
    /// Tests that need one are skipped, visibly, where it cannot.
    static let isAvailable: Bool = (try? Tmpfs(kibibytes: 64)) != nil

    init(kibibytes: Int) throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("blrd-tmpfs-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(kibibytes)k", "tmpfs", path])
    }

    /// Bytes in use on the file system.
    var used: Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_blocks - info.f_bfree) * Int(info.f_frsize)
    }

    /// Grows or shrinks the file system (not below what it holds).
    func resize(kibibytes: Int) throws { try Self.mount(["-o", "remount,size=\(kibibytes)k", path]) }

    func remount(readOnly: Bool) throws { try Self.mount(["-o", readOnly ? "remount,ro" : "remount,rw", path]) }

    deinit {
        try? Self.mount(["-l", path], command: "/bin/umount")
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func mount(_ arguments: [String], command: String = "/bin/mount") throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw MountError(
                description:
                    "\(command) \(arguments.joined(separator: " ")) failed (these tests mount a tmpfs and need root): \(text)"
            )
        }
    }
}
