import ArgumentParser
import Decode

/// `blrctl reset M`: the daemon's posterior of M goes back to its configured prior, recorded as a new version.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Put a model back to its configured prior (through the daemon).",
        discussion: """
            Sends {"op": "reset"} to the daemon's control socket; the prior is recorded as a new version and \
            older snapshots stay restorable. The daemon must be running.
            """)

    @ParentCommand var root: Blrctl

    @Argument(help: "The model.")
    var model: String

    @Flag(help: "Print the daemon's reply as JSON.")
    var json = false

    func run() throws {
        let reply = try root.global.controlClient().call(
            ["op": "reset", "model": .string(model)],
            unreachable:
                "the daemon must be running to reset a model (an offline reset would bypass its stream position logic)")
        ChangeReply.print(reply, json: json) { "\(model): reset to the prior as version \($0)" }
    }
}
