import ArgumentParser
import Decode

/// `blrctl restore M@V`: the daemon's posterior of M becomes snapshot V, recorded as a new version.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make a stored snapshot the running posterior again (through the daemon).",
        discussion: """
            Sends {"op": "restore"} to the daemon's control socket; the daemon records the restored posterior \
            as a new version and prints it. The daemon must be running: it alone knows where its streams \
            stand, so an offline restore would bypass its stream position logic.
            """)

    @ParentCommand var root: Blrctl

    @Argument(help: ArgumentHelp("The snapshot to restore, MODEL@VERSION.", valueName: "model@version"))
    var snapshot: SnapshotRef

    @Flag(help: "Print the daemon's reply as JSON.")
    var json = false

    func validate() throws {
        guard snapshot.version != nil else {
            throw ValidationError(
                "restore needs a version: MODEL@VERSION (see blrctl snapshots --model \(snapshot.model))")
        }
    }

    func run() throws {
        let version = snapshot.version!
        let reply = try root.global.controlClient().call(
            ["op": "restore", "model": .string(snapshot.model), "version": JSONValue(version)],
            unreachable:
                "the daemon must be running to restore a snapshot "
                + "(an offline restore would bypass its stream position logic)"
        )
        ChangeReply.print(reply, json: json) { "\(snapshot.model): restored version \(version) as version \($0)" }
    }
}

/// Printing the `{"model": M, "version": V}` reply of snapshot, restore and reset.
enum ChangeReply {
    static func print(_ reply: [String: JSONValue], json: Bool, message: (String) -> String) {
        if json {
            Output.json(.object(reply))
        } else {
            let version = reply["version"].map { $0.exactUInt64.map(String.init) ?? $0.jsonText } ?? "?"
            Swift.print(message(version))
        }
    }
}
