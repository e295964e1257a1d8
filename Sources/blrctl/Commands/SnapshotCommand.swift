import ArgumentParser
import Decode

/// `blrctl snapshot M`: asks the daemon to write a durable snapshot of M now.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Make the daemon write a snapshot of a model now.",
        discussion: """
            Sends {"op": "snapshot"}; prints the version that is on disk (an unchanged posterior is not written \
            twice: the reply is then its existing version). The daemon must be running.
            """)

    @ParentCommand var root: Blrctl

    @Argument(help: "The model.")
    var model: String

    @Flag(help: "Print the daemon's reply as JSON.")
    var json = false

    func run() throws {
        let reply = try root.global.controlClient().call(
            ["op": "snapshot", "model": .string(model)],
            unreachable: "the daemon must be running to write a snapshot (only it holds the current posterior)")
        ChangeReply.print(reply, json: json) { "\(model): snapshot version \($0)" }
    }
}
