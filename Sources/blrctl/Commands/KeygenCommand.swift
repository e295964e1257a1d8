import ArgumentParser
import Foundation
import ZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `blrctl keygen`: a CURVE key pair (ZeroMQ RFC 26) as two certificate files in the czmq/pyzmq text form —
/// `NAME.key` (public, mode 0644) and `NAME.key_secret` (secret, mode 0600) — for the daemon
/// (`curve_secret_key_file`) or for a client (its `NAME.key` goes into the daemon's `curve_allowed_clients`).
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a CURVE key pair for blrd or one of its clients.",
        discussion: """
            Writes DIR/NAME.key (the public certificate: give it out) and DIR/NAME.key_secret (the secret one, \
            mode 0600: keep it where only its owner reads it) and prints the public key on stdout. For the \
            daemon: [daemon] curve_secret_key_file = "DIR/NAME.key_secret", and hand NAME.key to clients. For a \
            client: copy its NAME.key into the daemon's curve_allowed_clients folder and run blrctl, \
            blr-publish or the Python scripts with --curve-server-key SERVER.key --curve-secret-key \
            NAME.key_secret. pyzmq's zmq.auth.load_certificate reads both files.
            """)

    @Option(help: ArgumentHelp("The folder for the two files (created if missing).", valueName: "dir"))
    var output = "."

    @Option(help: ArgumentHelp("The files' base name: NAME.key and NAME.key_secret.", valueName: "name"))
    var name = "blrd"

    @Flag(help: "Replace existing files of that name.")
    var force = false

    func validate() throws {
        guard !name.isEmpty, !name.contains("/") else {
            throw ValidationError("--name must be a file name, got '\(name)'")
        }
    }

    func run() throws {
        let keys = try CurveKeyPair.generate()
        let certificate = CurveCertificate(keys: keys)
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CtlError("cannot create \(output): \(error.localizedDescription)")
        }
        let folder = output as NSString
        let publicPath = folder.appendingPathComponent(name + ".key")
        let secretPath = folder.appendingPathComponent(name + ".key_secret")
        if !force {
            for path in [publicPath, secretPath] where FileManager.default.fileExists(atPath: path) {
                throw CtlError("\(path) exists; choose another --name or --output, or pass --force to replace it")
            }
        }
        try Self.writeFile(certificate.secretText!, to: secretPath, mode: 0o600)
        try Self.writeFile(certificate.publicText, to: publicPath, mode: 0o644)
        print(keys.publicKey)
        FileHandle.standardError.write(
            Data("wrote \(publicPath) (public) and \(secretPath) (secret, mode 0600)\n".utf8))
    }

    /// Writes `text` to a file created with `mode` from the start (never readable by others, even briefly)
    /// and set to exactly `mode` whatever the umask or an earlier file's mode.
    static func writeFile(_ text: String, to path: String, mode: mode_t) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw CtlError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fchmod(descriptor, mode) == 0 else {
            throw CtlError("cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw CtlError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
