import Foundation
import Testing
import ZeroMQ
@testable import Daemon

/// `[daemon]` security keys: protected control (no remote control socket without CURVE unless asked for), and
/// CURVE key files, refused with the file, line and key like every other configuration error.
@Suite struct SecurityConfigTests {
    static func config(_ daemon: String) -> String {
        "[daemon]\n" + daemon + "\n" + ConfigTests.minimal
    }

    @Test(arguments: [
        "tcp://*:5557", "tcp://0.0.0.0:5557", "tcp://10.1.2.3:5557", "tcp://eth0:5557", "tcp://[::]:5557",
    ])
    func aRemoteControlSocketNeedsCURVEOrConsent(endpoint: String) throws {
        #expect {
            _ = try ConfigParser.parse(Self.config("control = \"\(endpoint)\""), file: "blrd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == 2 && error.key == "daemon.control"
                && error.description.contains("allow_remote_control = true")
                && error.description.contains("curve_secret_key_file")
        }
        let allowed = try ConfigParser.parse(
            Self.config("control = \"\(endpoint)\"\nallow_remote_control = true"), file: "blrd.toml")
        #expect(allowed.daemon.allowRemoteControl && allowed.daemon.control == endpoint)
    }

    @Test(arguments: [
        "tcp://127.0.0.1:5557", "tcp://127.3.2.1:5557", "tcp://[::1]:5557", "tcp://localhost:5557",
        "ipc:///run/blrd/control",
        "inproc://control",
    ])
    func aLocalControlSocketIsFine(endpoint: String) throws {
        let config = try ConfigParser.parse(Self.config("control = \"\(endpoint)\""), file: "blrd.toml")
        #expect(config.daemon.control == endpoint && !config.daemon.allowRemoteControl && config.daemon.curve == nil)
    }

    @Test func curveKeysResolveBesideTheConfigurationAndLetTheControlSocketOut() throws {
        let text = Self.config(
            "control = \"tcp://*:5557\"\ncurve_secret_key_file = \"keys/server.key_secret\"\ncurve_allowed_clients = \"/etc/blrd/clients\""
        )
        let curve = try #require(try ConfigParser.parse(text, file: "/etc/blrd/blrd.toml").daemon.curve)
        #expect(curve.secretKeyFile == "/etc/blrd/keys/server.key_secret")
        #expect(curve.allowedClients == "/etc/blrd/clients")
        #expect(try ConfigParser.parse(text, file: "blrd.toml").daemon.curve?.secretKeyFile == "keys/server.key_secret")
    }

    @Test(arguments: [
        ("curve_secret_key_file = \"k\"", "daemon.curve_secret_key_file", "curve_allowed_clients"),
        ("curve_allowed_clients = \"k\"", "daemon.curve_allowed_clients", "curve_secret_key_file"),
        ("allow_remote_control = \"yes\"", "daemon.allow_remote_control", "true or false"),
    ])
    func curveKeysComeInPairs(line: String, key: String, word: String) {
        #expect {
            _ = try ConfigParser.parse(Self.config(line), file: "blrd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == 2 && error.key == key && error.description.contains(word)
        }
    }

    /// Key files on disk: a good pair loads; each fault is named with the configuration line and key.
    @Test func keyFilesLoadOrSayWhatIsWrong() throws {
        let folder = try KeyFolder()
        defer { folder.remove() }
        let loaded = try folder.settings().load()
        #expect(loaded.serverKeys == folder.server && loaded.allowedClients == [folder.client.publicKey])
        #expect(!"\(loaded)".contains(folder.server.secretKey))

        // The public certificate where the secret one belongs.
        var settings = try folder.settings()
        settings.secretKeyFile = folder.path("server.key")
        #expect(throws: ConfigError.self) { try settings.load() }
        // A folder without *.key files.
        try FileManager.default.createDirectory(atPath: folder.path("empty"), withIntermediateDirectories: true)
        settings = try folder.settings()
        settings.allowedClients = folder.path("empty")
        #expect {
            try settings.load()
        } throws: { error in
            let error = error as? ConfigError
            return error?.key == "daemon.curve_allowed_clients" && error?.line == 3 && "\(error!)".contains("no *.key")
        }
        // A damaged client key.
        try "public-key = \"nope\"\n".write(toFile: folder.path("clients/bad.key"), atomically: true, encoding: .utf8)
        #expect {
            try folder.settings().load()
        } throws: { error in
            "\(error)".contains("bad.key: public-key is not a 40-character Z85 key")
        }
    }

    /// `blrd --check` reads the key files: a bad one is exit 78 naming the line, the key and the file.
    @Test func checkRefusesABadKeyFileWithExit78() async throws {
        try await offThePool {
            let folder = try KeyFolder()
            defer { folder.remove() }
            let config =
                "[daemon]\ncontrol = \"tcp://0.0.0.0:5557\"\ncurve_secret_key_file = \"server.key_secret\"\n"
                + "curve_allowed_clients = \"clients\"\n" + ConfigTests.minimal
            try config.write(toFile: folder.path("blrd.toml"), atomically: true, encoding: .utf8)
            let good = try Self.check(folder.path("blrd.toml"))
            #expect(
                good.status == 0 && good.output.contains("CURVE server \(folder.server.publicKey), 1 allowed client"))

            try "secret-key = \"not a key\"\n".write(
                toFile: folder.path("server.key_secret"), atomically: true, encoding: .utf8)
            let bad = try Self.check(folder.path("blrd.toml"))
            #expect(bad.status == 78)
            #expect(bad.output.contains("blrd.toml:3: daemon.curve_secret_key_file: "))
            #expect(bad.output.contains("server.key_secret: secret-key is not a 40-character Z85 key"))
        }
    }

    /// Runs `blrd --check --config path`: the exit status and stdout + stderr.
    static func check(_ path: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = DaemonHarness.binaries.appendingPathComponent("blrd")
        process.arguments = ["--check", "--config", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

/// A temporary folder with a server secret certificate, its public one, and `clients/` holding one client key.
struct KeyFolder {
    let url: URL
    let server: CurveKeyPair
    let client: CurveKeyPair

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("blrd-keys-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("clients"), withIntermediateDirectories: true)
        server = try CurveKeyPair.generate()
        client = try CurveKeyPair.generate()
        try CurveCertificate(keys: server).secretText!.write(
            toFile: path("server.key_secret"), atomically: true, encoding: .utf8)
        try CurveCertificate(keys: server).publicText.write(
            toFile: path("server.key"), atomically: true, encoding: .utf8)
        try CurveCertificate(keys: client).publicText.write(
            toFile: path("clients/alice.key"), atomically: true, encoding: .utf8)
        // Secret certificates in the folder are not client keys.
        try CurveCertificate(keys: client).secretText!.write(
            toFile: path("clients/alice.key_secret"), atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The settings a configuration in this folder with relative key paths parses to.
    func settings() throws -> CurveSettings {
        let text = "[daemon]\ncurve_secret_key_file = \"server.key_secret\"\ncurve_allowed_clients = \"clients\"\n"
        return try #require(try ConfigParser.parse(text, file: path("blrd.toml")).daemon.curve)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
