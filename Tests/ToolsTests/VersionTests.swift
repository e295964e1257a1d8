import Foundation
import Testing

/// `--version` on every executable (issue 11): the package version from VERSION and the git commit the build
/// was made from, stamped by BuildInfoPlugin; "unknown commit" outside a git checkout.
@Suite struct VersionTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "safe.directory=*", "-C", package.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    @Test(arguments: ["blrd", "blrctl", "blr-publish", "blr-bench"])
    func everyExecutableNamesItsVersionAndCommit(name: String) throws {
        let executable = try #require(ToolProcess.executable(name))
        let result = try ToolProcess.run(executable, arguments: ["--version"], timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        let version = try String(contentsOf: Self.package.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("\(name) \(version) ("), "\(line)")
        // Built from this checkout: its HEAD (a build with uncommitted changes says so).
        if let head = Self.git(["rev-parse", "HEAD"]) {
            #expect(
                line == "\(name) \(version) (commit \(head))" || line == "\(name) \(version) (commit \(head)-modified)",
                "\(line)")
        }
    }

    /// The stamp script outside a git checkout, and in a fresh one.
    @Test func theStampSaysUnknownCommitOutsideGit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "blrd-stamp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "1.2.3\n".write(to: folder.appendingPathComponent("VERSION"), atomically: true, encoding: .utf8)
        let stamp = try Self.stamp(package: folder)
        #expect(stamp.contains("version = \"1.2.3\"") && stamp.contains("commit: String? = nil"), "\(stamp)")

        // A fresh repository with one commit: its hash; then an edit to a tracked file: "-modified".
        guard Self.git(["--version"]) != nil else { return }
        for arguments in [
            ["init", "-q"], ["add", "VERSION"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v"],
        ] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-C", folder.path] + arguments
            try p.run()
            p.waitUntilExit()
        }
        let head = try #require(try Self.gitOutput(folder, ["rev-parse", "HEAD"]))
        #expect(try Self.stamp(package: folder).contains("commit: String? = \"\(head)\""))
        try "1.2.4\n".write(to: folder.appendingPathComponent("VERSION"), atomically: true, encoding: .utf8)
        #expect(try Self.stamp(package: folder).contains("commit: String? = \"\(head)-modified\""))
    }

    static func stamp(package: URL) throws -> String {
        let output = package.appendingPathComponent("out")
        let result = try ToolProcess.run(
            URL(fileURLWithPath: "/bin/sh"),
            arguments: [Self.package.appendingPathComponent("scripts/build-info.sh").path, package.path, output.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try String(contentsOf: output.appendingPathComponent("BuildInfo+Stamp.swift"), encoding: .utf8)
    }

    static func gitOutput(_ folder: URL, _ arguments: [String]) throws -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", folder.path] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
