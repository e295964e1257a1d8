import ArgumentParser
import Decode
import Tabular

/// `blrctl whatif M --remove-ids a,b | --remove-class K | --remove-since SEQ [--csv probe.csv] [--apply]`: how the
/// posterior and its predictions would change without some remembered examples (through the daemon).
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "How a model would change without some of the examples it learned (through the daemon).",
        discussion: """
            Sends {"op": "whatif"}: the daemon takes the chosen examples out of its memory of the newest \
            whatif_memory examples the model learned and answers with KL both ways, the parameters that moved most \
            (in posterior standard deviations) and, with --csv, the predictions of the probe rows before and after. \
            method is "exact" for a conjugate gaussian model without forgetting, "memory-perturbation" otherwise. \
            --apply makes the result a new version (snapshot reason "whatif"). An id that parses as an integer is \
            sent as one.
            """)

    @ParentCommand var root: Blrctl

    @Argument(help: "The model.")
    var model: String

    @Option(name: .customLong("remove-ids"), help: ArgumentHelp("Example ids, comma-separated.", valueName: "ids"))
    var removeIDs: String?

    @Option(name: .customLong("remove-class"), help: ArgumentHelp("Every example with this label.", valueName: "K"))
    var removeClass: Double?

    @Option(
        name: .customLong("remove-since"),
        help: ArgumentHelp("Every example from this seq on (the model's epoch).", valueName: "seq"))
    var removeSince: UInt64?

    @Option(help: ArgumentHelp("Probe rows: a CSV with a header, every column a feature.", valueName: "file"))
    var csv: String?

    @Flag(help: "Make the result the model's new version.")
    var apply = false

    @Flag(help: "Print the daemon's reply as JSON.")
    var json = false

    func validate() throws {
        guard [removeIDs != nil, removeClass != nil, removeSince != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("name exactly one of --remove-ids, --remove-class, --remove-since")
        }
        if let removeIDs, removeIDs.split(separator: ",").isEmpty {
            throw ValidationError("--remove-ids needs at least one id")
        }
    }

    func run() throws {
        var remove: [String: JSONValue] = [:]
        if let removeIDs {
            remove["ids"] = .array(
                removeIDs.split(separator: ",").map { s in
                    let t = s.trimmingCharacters(in: .whitespaces)
                    return Int64(t).map { JSONValue.int($0) } ?? .string(t)
                })
        } else if let removeClass {
            remove["class"] = JSONValue(removeClass)
        } else if let removeSince {
            remove["since_seq"] = JSONValue(removeSince)
        }
        var request: [String: JSONValue] = [
            "op": "whatif", "model": .string(model), "remove": .object(remove), "apply": .bool(apply),
        ]
        if let csv {
            let table = try CSVTable(path: csv)
            request["x"] = .array(
                try table.rows.indices.map { r in
                    .array(try table.header.indices.map { JSONValue(try table.number(row: r, column: $0)) })
                })
        }
        let reply = try root.global.controlClient().call(
            request, unreachable: "the daemon must be running to answer a whatif (it holds the remembered examples)")
        if json {
            Output.json(.object(reply))
            return
        }
        print(WhatIfSummary(reply).text)
    }
}
