import Foundation

/// What a finished `blrctl` process left behind.
struct BlrctlResult: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Wall-clock seconds from launch to exit.
    let seconds: Double

    var description: String { "exit \(status) after \(seconds) s\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// Runs the `blrctl` built next to the test bundle (`.build/<scratch>/debug/blrctl`) as a child process.
enum BlrctlProcess {
    struct NotBuilt: Error, CustomStringConvertible {
        let searched: [String]
        var description: String { "no blrctl executable in \(searched.joined(separator: ", ")): build it first" }
    }

    struct TimedOut: Error, CustomStringConvertible {
        let arguments: [String]
        var description: String { "blrctl \(arguments.joined(separator: " ")) did not finish in time" }
    }

    /// The built executable: in the directory of the test bundle (`arguments[0]`), or of the main executable.
    static func executable() throws -> URL {
        var directories = [URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()]
        if let main = Bundle.main.executableURL { directories.append(main.deletingLastPathComponent()) }
        for directory in directories {
            let candidate = directory.appendingPathComponent("blrctl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw NotBuilt(searched: directories.map(\.path))
    }

    /// Runs `blrctl arguments` in `directory` (output to files, so a large output never blocks on a pipe),
    /// killing it after `timeout` seconds.
    static func run(_ arguments: [String], in directory: URL, timeout: Double = 60) throws -> BlrctlResult {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let tag = UUID().uuidString
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("blrctl-\(tag).out")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("blrctl-\(tag).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                process.terminate()
                process.waitUntilExit()
                throw TimedOut(arguments: arguments)
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        try out.close()
        try err.close()
        return BlrctlResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
            seconds: seconds)
    }
}
