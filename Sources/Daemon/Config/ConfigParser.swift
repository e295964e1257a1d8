import Foundation
import Inference
import TOMLKit
import Vocabulary

/// Reads a TOML configuration strictly: unknown keys and bad values are refused with the file, line and key;
/// missing keys take the documented defaults (README, "Configuration").
public enum ConfigParser {
    public static func load(path: String) throws -> DaemonConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(
                file: path, line: nil, key: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> DaemonConfig {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, key: nil, message: error.description)
        }
        let lines = SourceLines(text)
        var config = DaemonConfig()
        let top = TableReader(root, path: "", file: file, lines: lines, section: nil)
        try top.refuseUnknown(KnownKeys.top)
        if let value = root["daemon"] {
            guard let table = value.table else { throw top.error("daemon", "must be a table: [daemon]") }
            config.daemon = try parseDaemon(
                TableReader(table, path: "daemon", file: file, lines: lines, section: "daemon"))
        }
        for (i, table) in try tables(root, "stream", top).enumerated() {
            let stream = try parseStream(
                TableReader(table, path: "stream[\(i)]", file: file, lines: lines, section: "stream", index: i))
            if config.streams.contains(where: { $0.name == stream.name }) {
                throw ConfigError(
                    file: file, line: lines.line(of: "name", inSection: "stream", index: i), key: "stream[\(i)].name",
                    message: "stream '\(stream.name)' is defined twice")
            }
            config.streams.append(stream)
        }
        for (i, table) in try tables(root, "model", top).enumerated() {
            let reader = TableReader(table, path: "model[\(i)]", file: file, lines: lines, section: "model", index: i)
            let model = try ModelConfigParser.parse(
                reader, streams: config.streams, sizeLimit: config.daemon.maxModelBytes)
            if config.models.contains(where: { $0.name == model.name }) {
                throw reader.error("name", "model '\(model.name)' is defined twice")
            }
            config.models.append(model)
        }
        for stream in config.streams where config.models(of: stream.name).isEmpty {
            throw ConfigError(
                file: file,
                line: lines.line(of: nil, inSection: "stream", index: config.streams.firstIndex(of: stream)!), key: nil,
                message: "stream '\(stream.name)' has no [[model]] learning from it")
        }
        if let clash = EndpointClash.first(in: config) {
            throw ConfigError(
                file: file,
                line: lines.line(of: clash.socket.key, inSection: clash.socket.section, index: clash.socket.index),
                key: clash.socket.owner, message: clash.message)
        }
        if case .failure(let error) = MemoryBudget.of(config) {
            throw ConfigError(
                file: file, line: lines.line(of: error.key, inSection: "daemon", index: 0), key: "daemon.\(error.key)",
                message: error.message)
        }
        return config
    }

    private static func tables(_ root: TOMLTable, _ key: String, _ top: TableReader) throws -> [TOMLTable] {
        guard let value = root[key] else { return [] }
        guard let array = value.array else { throw top.error(key, "must be an array of tables: [[\(key)]]") }
        return try array.map {
            guard let t = $0.table else { throw top.error(key, "must be an array of tables: [[\(key)]]") }
            return t
        }
    }

    private static func parseStream(_ r: TableReader) throws -> StreamConfig {
        var r = r
        try r.refuseUnknown(KnownKeys.stream)
        guard let name = try r.string("name"), !name.isEmpty else {
            throw r.error("name", "every [[stream]] needs a name")
        }
        guard !name.contains("/") else { throw r.error("name", "must not contain '/' (it is a topic segment)") }
        let connect = try r.string("connect")
        let bind = try r.string("bind")
        let endpoint: StreamConfig.Endpoint
        switch (connect, bind) {
        case (let c?, nil): endpoint = .connect(try Self.endpoint(c, "connect", r))
        case (nil, let b?): endpoint = .bind(try Self.endpoint(b, "bind", r))
        case (nil, nil): throw r.error(nil, "stream '\(name)' needs exactly one of connect or bind")
        case (_?, _?): throw r.error("bind", "stream '\(name)' has both connect and bind; keep one")
        }
        guard let features = try r.int("features") else {
            throw r.error("features", "stream '\(name)' needs features (d)")
        }
        guard features >= 1 else { throw r.error("features", "must be ≥ 1") }
        guard let taskName = try r.string("task") else { throw r.error("task", "stream '\(name)' needs task") }
        guard let task = LearningTask(rawValue: taskName) else {
            throw r.error("task", "must be one of \(LearningTask.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var classes: Int? = task == .binary ? 2 : nil
        if let k = try r.int("classes") {
            switch task {
            case .multiclass: guard k >= 2 else { throw r.error("classes", "must be ≥ 2") }
            case .binary: guard k == 2 else { throw r.error("classes", "a binary stream has 2 classes") }
            default: throw r.error("classes", "only multiclass (and binary) streams have classes")
            }
            classes = k
        } else if task == .multiclass {
            throw r.error("classes", "a multiclass stream needs classes")
        }
        let coalesce = try r.int("coalesce") ?? 1
        guard coalesce >= 1 else { throw r.error("coalesce", "must be ≥ 1 (1: every message learned alone)") }
        try r.finish()
        return StreamConfig(
            name: name, endpoint: endpoint, features: features, task: task, classes: classes, coalesce: coalesce)
    }

    static func endpoint(_ value: String, _ key: String, _ r: TableReader) throws -> String {
        let schemes = ["tcp://", "ipc://", "inproc://"]
        guard schemes.contains(where: value.hasPrefix), value.count > 6 else {
            throw r.error(key, "'\(value)' is not a ZeroMQ endpoint (tcp://host:port, ipc://path)")
        }
        return value
    }
}
