import Foundation
import Testing

/// systemd/blrd.service passes `systemd-analyze verify` (with ExecStart pointing at the built blrd), where the
/// tool exists; and it carries the settings the daemon relies on.
@Suite struct SystemdUnitTests {
    static let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("systemd/blrd.service")

    @Test func unitDeclaresNotifyWatchdogAndHardening() throws {
        let text = try String(contentsOf: Self.unit, encoding: .utf8)
        for line in [
            "Type=notify", "WatchdogSec=", "Restart=on-failure", "RestartPreventExitStatus=78", "StateDirectory=blrd",
            "ConfigurationDirectory=blrd", "DynamicUser=yes", "ProtectSystem=strict", "ProtectHome=yes",
            "PrivateTmp=yes", "NoNewPrivileges=yes", "RestrictAddressFamilies=", "SystemCallFilter=@system-service",
            "MemoryDenyWriteExecute=yes",
        ] {
            #expect(text.contains(line), "\(line)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func systemdAnalyzeVerifies() throws {
        let blrd = DaemonHarness.binaries.appendingPathComponent("blrd").path
        let text = try String(contentsOf: Self.unit, encoding: .utf8).replacingOccurrences(
            of: "/usr/local/bin/blrd", with: blrd)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "unit-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("blrd.service")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = ["verify", copy.path]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(!output.contains("blrd.service:"), "\(output)")
    }
}
