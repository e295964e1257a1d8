import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the package's executables (`blr-publish`, `blrctl`, …) as child processes for process-level tests.
///
/// Executables are looked up next to the test bundle — the build directory (`.build/<scratch>/debug/`) that
/// `swift build --build-tests` fills — and never built here. stdout and stderr go to temporary files, so a
/// chatty child can never block on a full pipe; they are read once it has exited.
final class ToolProcess {
    /// What a finished process left behind.
    struct Result: Sendable {
        /// The exit status, or 128 + the signal number if a signal ended it.
        let status: Int32
        let stdout: String
        let stderr: String
        /// Whether the timeout ran out and the process was killed.
        let timedOut: Bool
        /// How long it ran, in seconds.
        let seconds: Double

        /// The non-empty lines of stdout.
        var stdoutLines: [String] { stdout.split(whereSeparator: \.isNewline).map(String.init) }
        /// The non-empty lines of stderr.
        var stderrLines: [String] { stderr.split(whereSeparator: \.isNewline).map(String.init) }
    }

    /// The directories searched for executables: the test bundle's directory and a few of its ancestors.
    static var searchDirectories: [URL] {
        var directories: [URL] = []
        var seen = Set<String>()
        let arguments = ProcessInfo.processInfo.arguments
        let starts = [
            arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().deletingLastPathComponent() },
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for case var directory? in starts {
            // On macOS the bundle is …/debug/<package>PackageTests.xctest/Contents/MacOS: walk up to debug/.
            for _ in 0..<4 {
                if seen.insert(directory.standardizedFileURL.path).inserted { directories.append(directory) }
                directory.deleteLastPathComponent()
            }
        }
        return directories
    }

    /// The built executable `name`, or nil (with an `Issue` recorded naming where it looked) if it is missing.
    static func executable(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let directories = searchDirectories
        for directory in directories {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        Issue.record(
            """
            \(name) is not built next to the tests (looked in \(directories.map(\.path).joined(separator: ", "))); \
            build it first: swift build --build-tests (or --product \(name)) with the same scratch path
            """, sourceLocation: sourceLocation)
        return nil
    }

    private let process = Process()
    private let outputDirectory: URL
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    /// Starts `executable` with `arguments`; stdin is empty.
    init(_ executable: URL, arguments: [String]) throws {
        outputDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tool-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        let stdoutURL = outputDirectory.appendingPathComponent("stdout")
        let stderrURL = outputDirectory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            // The child has its own copies.
            try? stdout.close()
            try? stderr.close()
        }
        process.standardOutput = stdout
        process.standardError = stderr
        started = clock.now
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: outputDirectory)
    }

    /// Whether the process is still running.
    var isRunning: Bool { process.isRunning }

    /// Waits up to `timeout` seconds for the process to exit (then sends SIGTERM, and SIGKILL a second later)
    /// and returns its status and output.
    func wait(timeout: Double) -> Result {
        let deadline = clock.now + .seconds(timeout)
        var timedOut = false
        while process.isRunning {
            if clock.now >= deadline {
                timedOut = true
                process.terminate()
                let grace = clock.now + .seconds(1)
                while process.isRunning && clock.now < grace { Thread.sleep(forTimeInterval: 0.01) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        let elapsed = (clock.now - started).components
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(
            status: status, stdout: read("stdout"), stderr: read("stderr"), timedOut: timedOut,
            seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// Runs `executable` with `arguments` to the end (at most `timeout` seconds).
    static func run(_ executable: URL, arguments: [String], timeout: Double = 60) throws -> Result {
        try ToolProcess(executable, arguments: arguments).wait(timeout: timeout)
    }

    private func read(_ name: String) -> String {
        let data = (try? Data(contentsOf: outputDirectory.appendingPathComponent(name))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
