import ArgumentParser
import ZeroMQ

/// `--curve-server-key` and `--curve-secret-key`: the CURVE client options of blr-publish and blrctl, defined once;
/// each tool adds them with `@OptionGroup` (argument-parser's way to share options between commands).
public struct CurveClientOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The CURVE daemon's public key file (its NAME.key), for a daemon with curve_secret_key_file.",
            valueName: "file"))
    public var curveServerKey: String?

    @Option(
        help: ArgumentHelp(
            "This client's CURVE secret key file (NAME.key_secret from blrctl keygen; its NAME.key must be in the "
                + "daemon's curve_allowed_clients).", valueName: "file"))
    public var curveSecretKey: String?

    public init() {}

    public func validate() throws {
        guard (curveServerKey == nil) == (curveSecretKey == nil) else {
            throw ValidationError("--curve-server-key and --curve-secret-key go together")
        }
    }

    /// The options are given (both, after `validate`).
    public var isSet: Bool { curveServerKey != nil }

    /// The keys the options name, nil without them; throws what makes a key file unusable.
    public func keys() throws -> CurveClientKeys? {
        guard let curveServerKey, let curveSecretKey else { return nil }
        return try CurveClientKeys(serverKeyFile: curveServerKey, secretKeyFile: curveSecretKey)
    }
}
