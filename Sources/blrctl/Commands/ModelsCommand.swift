import ArgumentParser
import Decode
import Persist
import Tabular

/// `blrctl models`: the registered models with their snapshot counts and their streams' durable positions.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List registered models: stream, snapshots, newest version, durable stream position.",
        discussion: """
            DURABLE is the stream position whose effect is on disk (the daemon resumes after it). The \
            fingerprint is the model's shape and rule as stored; --json also has its configuration.
            """)

    @ParentCommand var root: Blrctl

    @Flag(help: "One JSON document: {\"models\": [...], \"streams\": [...]}.")
    var json = false

    func run() throws {
        let store = try root.global.openStore()
        let models = try store.models()
        let snapshots = Dictionary(grouping: try store.snapshots(), by: \.model)
        let positions = Dictionary(try store.streamPositions().map { ($0.stream, $0) }, uniquingKeysWith: { a, _ in a })
        if json {
            let modelsJSON: [JSONValue] = models.map { m in
                let versions = (snapshots[m.name] ?? []).map(\.version)
                return [
                    "name": .string(m.name), "stream": .string(m.stream), "fingerprint": .string(m.fingerprint),
                    "spec": (try? JSONValue.parse(Array(m.specJSON.utf8))) ?? .string(m.specJSON),
                    "created": .string(Format.preciseTime(m.createdAt)), "snapshots": JSONValue(versions.count),
                    "newest_version": versions.max().map { JSONValue($0) } ?? .null,
                ]
            }
            let streamsJSON: [JSONValue] = positions.keys.sorted().map { name in
                let p = positions[name]!
                return [
                    "stream": .string(name), "epoch": JSONValue(p.epoch), "seq": JSONValue(p.seq),
                    "updated": .string(Format.preciseTime(p.updatedAt)),
                ]
            }
            Output.json(["models": .array(modelsJSON), "streams": .array(streamsJSON)])
            return
        }
        guard !models.isEmpty else {
            print("no models registered in \(store.path)")
            return
        }
        var table = TextTable(
            ["MODEL", "STREAM", "SNAPSHOTS", "NEWEST", "DURABLE", "FINGERPRINT"], rightAligned: [2, 3, 4])
        for m in models {
            let versions = (snapshots[m.name] ?? []).map(\.version)
            let position = positions[m.stream].map { Format.position(epoch: $0.epoch, seq: $0.seq) } ?? "-"
            table.append([
                m.name, m.stream, "\(versions.count)", versions.max().map(String.init) ?? "-", position, m.fingerprint,
            ])
        }
        print(table.render())
    }
}
