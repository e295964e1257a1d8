import ArgumentParser
import Decode
import Foundation
import Inference
import NumpyFiles

/// `blrctl export M[@V] --format json|npy|csv [-o PATH]` (`--json` = `--format json`): a posterior's mean and precision for numpy & co.
struct ExportCommand: ParsableCommand {
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case json, npy, csv
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a posterior's mean and precision as JSON, .npy or CSV.",
        discussion: """
            json: {model, version, seq, family, layout, names, mean, precision, scaler}; precision is p×p rows \
            for a full posterior and the p diagonal entries for a diagonal one; scaler (mean, scale) is the \
            feature standardisation z = (x − mean)/scale the parameters act on, or null. To stdout without -o.
            npy: MODEL-VERSION.mean.npy and MODEL-VERSION.precision.npy (float64, C order; shape (p,) and \
            (p, p) or (p,)), plus .scaler_mean.npy and .scaler_scale.npy for a standardised model. -o names a \
            directory (an existing one, or a path ending in /) or a file prefix; default: the current directory.
            csv: one row per parameter: name (quoted: \"weight[0,3]\"), mean, variance (marginal), \
            precision_diagonal. To stdout without -o.
            """)

    @ParentCommand var root: Blrctl

    @Argument(
        help: ArgumentHelp(
            "The snapshot, MODEL or MODEL@VERSION (default: the newest intact one).", valueName: "model[@version]"))
    var snapshot: SnapshotRef

    @Option(help: "json, npy or csv.")
    var format: ExportFormat?

    @Flag(help: "The same as --format json.")
    var json = false

    @Option(
        name: [.short, .customLong("output")], help: ArgumentHelp("Where to write (see above).", valueName: "path"))
    var output: String?

    func validate() throws {
        switch (format, json) {
        case (nil, false): throw ValidationError("choose what to write: --format json, npy or csv")
        case (let f?, true) where f != .json: throw ValidationError("--json means --format json, not \(f.rawValue)")
        default: break
        }
    }

    func run() throws {
        let loaded = try root.global.openStore().load(snapshot)
        switch format ?? .json {
        case .json: try emit(Self.json(loaded).jsonText + "\n")
        case .csv: try emit(Self.csv(loaded))
        case .npy: try writeNPY(loaded)
        }
    }

    /// Writes `text` to `-o`, or stdout.
    private func emit(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try write(Data(text.utf8), to: output)
        print(output)
    }

    private func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw CtlError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func json(_ s: LoadedSnapshot) -> JSONValue {
        let model = s.model
        let precision: JSONValue
        switch s.posterior {
        case .full(let q):
            let p = q.dimension
            precision = .array((0..<p).map { JSONValue(Array(q.precision[($0 * p)..<(($0 + 1) * p)])) })
        case .diagonal(let q):
            precision = JSONValue(q.precision)
        case .block(let b):
            let q = b.dense  // exported as the full precision it is, zeros between the blocks
            let p = q.dimension
            precision = .array((0..<p).map { JSONValue(Array(q.precision[($0 * p)..<(($0 + 1) * p)])) })
        }
        return [
            "model": .string(s.record.model), "version": JSONValue(s.record.version),
            "epoch": JSONValue(s.position?.epoch ?? s.record.epoch),
            "seq": s.position.map { JSONValue($0.seq) } ?? .null,
            "family": .string(s.posterior.family), "rule": .string(model.spec.rule.rawValue),
            "member": .string(s.memberName),
            "likelihood": ModelDescription.likelihoodJSON(model.spec.likelihood, noise: model.spec.noise),
            "network": ModelDescription.networkJSON(model.spec.network),
            "layout": ModelDescription.layoutJSON(model.spec.architecture.layout),
            "names": .array(ParameterNames(model.spec.architecture.layout).all.map { .string($0) }),
            "mean": JSONValue(s.posterior.mean), "precision": precision, "scaler": ModelDescription.scalerJSON(model),
        ]
    }

    static func csv(_ s: LoadedSnapshot) -> String {
        let names = ParameterNames(s.model.spec.architecture.layout).all
        let mean = s.posterior.mean
        let variance = s.posterior.variance
        let diagonal = GaussianDivergence.precisionDiagonal(s.posterior)
        var lines = ["name,mean,variance,precision_diagonal"]
        for i in mean.indices {
            lines.append("\(quoted(names[i])),\(mean[i]),\(variance[i]),\(diagonal[i])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV field: in double quotes when it holds a comma or a quote (RFC 4180), as `weight[0,3]` does.
    private static func quoted(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func writeNPY(_ s: LoadedSnapshot) throws {
        let base = "\(s.record.model.replacingOccurrences(of: "/", with: "_"))-\(s.record.version)"
        var prefix = base
        if let output {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
                prefix = (output as NSString).appendingPathComponent(base)
            } else if output.hasSuffix("/") {
                do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch
                {
                    throw CtlError("cannot create \(output): \(error.localizedDescription)")
                }
                prefix = (output as NSString).appendingPathComponent(base)
            } else {
                prefix = output
            }
        }
        let p = s.posterior.dimension
        var files: [(String, [Int], [Double])] = [("mean", [p], s.posterior.mean)]
        switch s.posterior {
        case .full(let q): files.append(("precision", [p, p], q.precision))
        case .diagonal(let q): files.append(("precision", [p], q.precision))
        case .block(let b): files.append(("precision", [p, p], b.dense.precision))
        }
        if let scaler = ModelDescription.scaler(s.model) {
            files.append(("scaler_mean", [scaler.mean.count], scaler.mean))
            files.append(("scaler_scale", [scaler.scale.count], scaler.scale))
        }
        for (suffix, shape, values) in files {
            let path = "\(prefix).\(suffix).npy"
            try write(Data(NPYWriter.encode(shape: shape, values: values)), to: path)
            print(path)
        }
    }
}
