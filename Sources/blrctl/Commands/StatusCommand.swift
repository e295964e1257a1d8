import ArgumentParser
import Decode
import Tabular

/// `blrctl status`: the daemon's control `status` reply.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running daemon's streams and models.",
        discussion: """
            The control {"op": "status"} reply: per stream its epoch, last and durable seq, batches, rejected \
            messages and gaps; per model its version, seq, durable seq, rule and live metrics. --json prints \
            the reply as it came.
            """)

    @ParentCommand var root: Blrctl

    @Flag(help: "The raw JSON reply.")
    var json = false

    func run() throws {
        let reply = try root.global.controlClient().call(
            ["op": "status"],
            unreachable: "is the daemon running? (snapshots, show and alerts work from the state file alone)")
        if json {
            Output.json(.object(reply))
            return
        }
        print(Self.render(reply))
    }

    static func render(_ reply: [String: JSONValue]) -> String {
        func text(_ value: JSONValue?) -> String {
            guard let value, !value.isNull else { return "-" }
            if let s = value.stringValue { return s }
            if let n = value.exactUInt64 { return String(n) }
            if let d = value.doubleValue { return Format.number(d) }
            return value.jsonText
        }
        var out = "instance  \(text(reply["instance"]))"
        let streams = reply["streams"]?.objectValue ?? [:]
        var streamTable = TextTable(
            ["STREAM", "EPOCH", "LAST SEQ", "DURABLE SEQ", "BATCHES", "REJECTED", "GAPS"],
            rightAligned: [1, 2, 3, 4, 5, 6])
        for name in streams.keys.sorted() {
            let s = streams[name]!
            streamTable.append([
                name, text(s["epoch"]), text(s["last_seq"]), text(s["durable_seq"]), text(s["batches"]),
                text(s["rejected"]), text(s["gaps"]),
            ])
        }
        out += "\n\n" + (streams.isEmpty ? "no streams" : streamTable.render())
        let models = reply["models"]?.objectValue ?? [:]
        var modelTable = TextTable(
            ["MODEL", "STREAM", "VERSION", "SEQ", "DURABLE SEQ", "RULE", "FAMILY", "METRICS"], rightAligned: [2, 3, 4])
        for name in models.keys.sorted() {
            let m = models[name]!
            var metrics: [String: Double] = [:]
            for (key, value) in m["metrics"]?.objectValue ?? [:] { metrics[key] = value.doubleValue }
            modelTable.append([
                name, text(m["stream"]), text(m["version"]), text(m["seq"]), text(m["durable_seq"]), text(m["rule"]),
                text(m["family"]), Format.headline(metrics),
            ])
        }
        out += "\n\n" + (models.isEmpty ? "no models" : modelTable.render())
        return out
    }
}
