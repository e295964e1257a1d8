import Foundation
import ZeroMQ

/// `[daemon] curve_secret_key_file` and `curve_allowed_clients`: CURVE (ZeroMQ RFC 26) on every socket the
/// daemon has — the PUB it binds, the control ROUTER and each stream's SUB, all CURVE *servers* whatever
/// they bind or connect — with clients authenticated by their public keys through ZAP (RFC 27).
///
/// Parsing only records where the key files are (paths relative to the configuration file's folder), so
/// tools that read the configuration for other keys (`blrctl`) never need the daemon's secret; ``load()``
/// reads and checks them (`blrd` and `blrd --check`).
///
/// References: ZeroMQ RFC 26 (CurveZMQ), RFC 27 (ZAP).
public struct CurveSettings: Sendable, Equatable {
    /// The daemon's secret certificate (`NAME.key_secret`), resolved beside the configuration file.
    public var secretKeyFile: String
    /// A folder whose `*.key` files are the allowed clients' public certificates, or one such file.
    public var allowedClients: String
    /// The configuration file and the lines of the two keys, for errors.
    var origin: Origin

    struct Origin: Sendable, Equatable {
        var file: String
        var secretKeyLine: Int?
        var allowedClientsLine: Int?
    }

    /// The server key pair and the allowed client keys, read and checked.
    /// - Throws: ``ConfigError`` naming the configuration line and key, the key file and what is wrong.
    public func load() throws(ConfigError) -> CurveCredentials {
        let certificate: CurveCertificate
        do { certificate = try CurveCertificate.read(path: secretKeyFile) } catch {
            throw failure(secret: true, "\(error) (make a pair with `blrctl keygen`)")
        }
        guard let serverKeys = certificate.keyPair else {
            throw failure(
                secret: true, "\(secretKeyFile) has no secret-key: name the server's NAME.key_secret, not NAME.key")
        }
        let files = try clientFiles()
        var allowed: Set<String> = []
        for file in files {
            do { allowed.insert(try CurveCertificate.read(path: file).publicKey) } catch {
                throw failure(secret: false, "\(error)")
            }
        }
        guard !allowed.isEmpty else {
            throw failure(
                secret: false,
                "\(allowedClients) holds no *.key file: every client would be refused "
                    + "(copy each client's NAME.key there)")
        }
        return CurveCredentials(serverKeys: serverKeys, allowedClients: allowed)
    }

    /// The public certificates: `allowedClients` itself, or its `*.key` files (not `*.key_secret`).
    private func clientFiles() throws(ConfigError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: allowedClients, isDirectory: &isDirectory) else {
            throw failure(secret: false, "\(allowedClients) does not exist (a folder of clients' NAME.key files)")
        }
        guard isDirectory.boolValue else { return [allowedClients] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: allowedClients) } catch {
            throw failure(secret: false, "cannot list \(allowedClients) (\(error.localizedDescription))")
        }
        return names.filter { $0.hasSuffix(".key") }.sorted()
            .map { (allowedClients as NSString).appendingPathComponent($0) }
    }

    private func failure(secret: Bool, _ message: String) -> ConfigError {
        ConfigError(
            file: origin.file, line: secret ? origin.secretKeyLine : origin.allowedClientsLine,
            key: secret ? "daemon.curve_secret_key_file" : "daemon.curve_allowed_clients", message: message)
    }
}
