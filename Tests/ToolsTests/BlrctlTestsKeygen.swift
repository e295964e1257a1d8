import Foundation
import Testing
import ZeroMQ

/// `blrctl keygen`: a CURVE pair as NAME.key (0644) and NAME.key_secret (0600), the public key on stdout.
@Suite("blrctl keygen")
struct BlrctlKeygenTests {
    static func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func writesAValidPairWithPrivateAndPublicModes() async throws {
        try await PublishHarness.onThread {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "keygen-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let result = try BlrctlProcess.run(["keygen", "--output", "keys", "--name", "alice"], in: directory)
            #expect(result.status == 0, "\(result)")
            let secretPath = directory.appendingPathComponent("keys/alice.key_secret").path
            let publicPath = directory.appendingPathComponent("keys/alice.key").path
            #expect(try Self.mode(secretPath) == 0o600)
            #expect(try Self.mode(publicPath) == 0o644)

            let secret = try CurveCertificate.read(path: secretPath)
            let publicOnly = try CurveCertificate.read(path: publicPath)
            let secretKey = try #require(secret.secretKey)
            #expect(try CurveKeyPair.publicKey(forSecretKey: secretKey) == publicOnly.publicKey)
            #expect(publicOnly.secretKey == nil && secret.publicKey == publicOnly.publicKey)
            #expect(result.stdout == publicOnly.publicKey + "\n")
            #expect(!result.stdout.contains(secretKey) && !result.stderr.contains(secretKey))

            // An existing pair is kept unless --force.
            let again = try BlrctlProcess.run(["keygen", "--output", "keys", "--name", "alice"], in: directory)
            #expect(again.status == 1 && again.stderr.contains("--force"), "\(again)")
            #expect(try CurveCertificate.read(path: secretPath) == secret)
            let forced = try BlrctlProcess.run(
                ["keygen", "--output", "keys", "--name", "alice", "--force"], in: directory)
            #expect(forced.status == 0)
            #expect(try CurveCertificate.read(path: secretPath) != secret)
            #expect(try Self.mode(secretPath) == 0o600)
        }
    }

    @Test func curveOptionsGoTogetherAndNameABadFile() async throws {
        try await PublishHarness.onThread {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "keygen-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let alone = try BlrctlProcess.run(["--curve-server-key", "server.key", "status"], in: directory)
            #expect(alone.status != 0 && alone.stderr.contains("go together"), "\(alone)")
            let missing = try BlrctlProcess.run(
                [
                    "--control", "ipc:///nonexistent", "--curve-server-key", "server.key", "--curve-secret-key",
                    "me.key_secret",
                    "status",
                ], in: directory)
            #expect(
                missing.status == 1 && missing.stderr.contains("server.key: cannot read the key file"), "\(missing)")
        }
    }
}
