import ArgumentParser
import Decode
import Persist
import Tabular

/// `blrctl snapshots [--model M]`: the stored versions with their positions, times and headline metrics.
struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List stored snapshots: version, seq, time, rule, reason, size and headline metrics.",
        discussion: """
            SEQ is the newest stream seq the posterior includes (EPOCH:SEQ when the publisher epoch is above 0). \
            Metrics are the prequential scores at the time of the snapshot: accuracy and log loss for \
            classifiers, RMSE and NLL otherwise (--json has all of them).
            """)

    @ParentCommand var root: Blrctl

    @Option(help: "Only this model's snapshots.")
    var model: String?

    @Flag(help: "One JSON document: {\"snapshots\": [...]}.")
    var json = false

    func run() throws {
        let store = try root.global.openStore()
        if let model { try store.requireModel(model) }
        let summaries = try store.snapshots(model: model)
        if json {
            Output.json(.object(["snapshots": .array(summaries.map(Self.json))]))
            return
        }
        guard !summaries.isEmpty else {
            print(model.map { "model '\($0)' has no snapshots" } ?? "no snapshots in \(store.path)")
            return
        }
        var table = TextTable(
            ["MODEL", "VERSION", "SEQ", "TIME", "RULE", "FAMILY", "REASON", "SIZE", "METRICS"],
            rightAligned: [1, 2, 7])
        for s in summaries {
            table.append([
                s.model, "\(s.version)", Format.position(epoch: s.epoch, seq: s.seq), Format.time(s.createdAt), s.rule,
                s.family, s.reason.rawValue, Format.bytes(s.stateSize),
                Format.headline(MetricsJSON.parse(s.metricsJSON)),
            ])
        }
        print(table.render())
    }

    static func json(_ s: SnapshotSummary) -> JSONValue {
        .object([
            "model": .string(s.model), "version": JSONValue(s.version), "epoch": JSONValue(s.epoch),
            "seq": s.seq.map { JSONValue($0) } ?? .null, "time": .string(Format.preciseTime(s.createdAt)),
            "rule": .string(s.rule), "family": .string(s.family), "reason": .string(s.reason.rawValue),
            "size": JSONValue(s.stateSize), "checksum": .string(s.checksum),
            "metrics": MetricsJSON.json(MetricsJSON.parse(s.metricsJSON)),
        ])
    }
}
