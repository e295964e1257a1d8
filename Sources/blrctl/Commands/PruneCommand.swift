import ArgumentParser
import Decode
import Persist

/// `blrctl prune [--keep N] [--model M] [--all]`: deletes old snapshots, or a model's whole history.
struct PruneCommand: ParsableCommand {
    static let defaultKeep = 10

    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete old snapshots, or (--all) a model's whole stored history.",
        discussion: """
            Keeps the newest --keep snapshots of each model (or of --model only); the newest snapshot that \
            passes its checksum is always kept. Works on the state file directly, also while the daemon runs.

            --model M --all deletes the model and every snapshot of it, so that blrd starts it from its prior \
            (e.g. after its shape changed in the configuration). It refuses while a daemon reachable on the \
            control endpoint is running that model: stop blrd first, or pass --force.
            """)

    @ParentCommand var root: Blrctl

    @Option(help: ArgumentHelp("Snapshots to keep per model (default \(PruneCommand.defaultKeep)).", valueName: "n"))
    var keep: Int?

    @Option(help: "Only this model.")
    var model: String?

    @Flag(help: "Delete the model given by --model and all its snapshots.")
    var all = false

    @Flag(help: "With --all: do not check whether a running daemon uses the model.")
    var force = false

    @Flag(help: "One JSON document: {\"removed\": N, ...}.")
    var json = false

    func validate() throws {
        if all {
            guard model != nil else { throw ValidationError("--all deletes one model's history: name it with --model") }
            guard keep == nil else { throw ValidationError("--all deletes every snapshot: leave out --keep") }
        } else if force {
            throw ValidationError("--force only applies to --all")
        }
        if let keep, keep < 1 {
            throw ValidationError("--keep must be at least 1 (use --model M --all to delete a model's whole history)")
        }
    }

    func run() throws {
        let store = try root.global.openWritableStore()
        if all, let model {
            try store.requireModel(model)
            if !force { try refuseIfRunning(model) }
            let removed = try store.deleteModel(name: model)
            if json {
                Output.json(["removed": JSONValue(removed), "model": .string(model), "deleted_model": true])
            } else {
                print(
                    "deleted model \(model) and its \(removed) snapshot\(removed == 1 ? "" : "s"); "
                        + "blrd will start it from its prior"
                )
            }
            return
        }
        if let model { try store.requireModel(model) }
        let keep = keep ?? Self.defaultKeep
        let removed = try store.prune(keep: keep, model: model)
        if json {
            Output.json([
                "removed": JSONValue(removed), "model": model.map { .string($0) } ?? .null, "keep": JSONValue(keep),
            ])
        } else {
            let scope = model.map { "of \($0)" } ?? "across all models"
            print("removed \(removed) snapshot\(removed == 1 ? "" : "s") \(scope) (kept the newest \(keep) per model)")
        }
    }

    /// Asks the daemon, briefly, whether it runs `model`: deleting a running model's history would make its
    /// next snapshot fail.
    private func refuseIfRunning(_ model: String) throws {
        let client = ControlClient(
            endpoint: try root.global.controlEndpoint(), timeout: min(root.global.timeout, 1),
            curve: try root.global.curveKeys())
        guard let reply = try? client.send(["op": "status"]), reply["models"]?[model] != nil else { return }
        throw CtlError(
            "blrd on \(client.endpoint) is running model '\(model)': stop it before deleting the model's history "
                + "(or pass --force)")
    }
}
