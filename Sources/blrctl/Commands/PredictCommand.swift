import ArgumentParser
import Decode
import Foundation
import Inference
import Tabular

/// `blrctl predict M[@V] --csv FILE [--label COLUMN]`: offline predictions from a stored posterior.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the rows of a CSV file from a stored snapshot, with uncertainty.",
        discussion: """
            The CSV has a header row; its columns are the model's features in order (raw values: a model that \
            standardises does so itself), plus the label column named by --label, which is left out of the \
            features and scored (accuracy, log loss, … or RMSE, NLL, …). Prints per row: mean and sd \
            (gaussian), P(y=1) (binary), p per class (multiclass), or rate and sd (poisson). --json gives the \
            arrays, as the control predict reply does.
            """)

    @ParentCommand var root: Blrctl

    @Argument(
        help: ArgumentHelp(
            "The snapshot, MODEL or MODEL@VERSION (default: the newest intact one).", valueName: "model[@version]"))
    var snapshot: SnapshotRef

    @Option(help: ArgumentHelp("The CSV file of rows to predict.", valueName: "file"))
    var csv: String

    @Option(
        help: ArgumentHelp(
            "A label column to leave out of the features and score the predictions on.", valueName: "column"))
    var label: String?

    @Flag(help: "One JSON document.")
    var json = false

    func run() throws {
        let loaded = try root.global.openStore().load(snapshot)
        let model = loaded.model
        let table = try CSVTable(path: csv)
        var featureColumns = Array(table.header.indices)
        var labels: [Double]?
        if let label {
            guard let column = table.header.firstIndex(of: label) else {
                throw CtlError("\(csv) has no column '\(label)' (columns: \(table.header.joined(separator: ", ")))")
            }
            featureColumns.removeAll { $0 == column }
            labels = try table.numbers(column: column)
        }
        let d = model.spec.features
        guard featureColumns.count == d else {
            let names = featureColumns.map { table.header[$0] }.joined(separator: ", ")
            var message = "\(csv) has \(featureColumns.count) feature columns (\(names)); \(loaded.label) expects \(d)"
            if label == nil && featureColumns.count == d + 1 { message += ": name the label column with --label" }
            throw CtlError(message)
        }
        var x: [Double] = []
        x.reserveCapacity(table.rows.count * d)
        for row in table.rows.indices {
            for column in featureColumns { x.append(try table.number(row: row, column: column)) }
        }
        let predictive = try loaded.blob.learner.predict(x)  // the published (calibrated, averaged) predictive
        var metrics: [String: Double]?
        if let labels {
            do { try model.spec.likelihood.validate(labels: labels) } catch let InferenceError.invalidLabel(
                index, value, reason)
            {
                let line = table.rows[index].line
                throw CtlError("\(csv):\(line): label \(Format.number(value)) in '\(label!)': \(reason)")
            }
            var scores = PrequentialMetrics()
            scores.record(predictive, labels: labels)
            metrics = scores.summary
        }
        if json {
            var fields = ControlJSON.predictive(predictive)
            fields["model"] = .string(loaded.record.model)
            fields["version"] = JSONValue(loaded.record.version)
            fields["seq"] = loaded.position.map { JSONValue($0.seq) } ?? .null
            switch predictive {
            case .gaussian(_, let v, _), .poisson(_, let v): fields["sd"] = JSONValue(v.map { $0.squareRoot() })
            case .probabilities: break
            }
            if let labels { fields["y"] = JSONValue(labels) }
            if let metrics { fields["metrics"] = MetricsJSON.json(metrics) }
            Output.json(.object(fields))
            return
        }
        print(Self.table(predictive, labels: labels).render())
        if let metrics { print("\nmetrics  " + Format.allMetrics(metrics)) }
    }

    static func table(_ predictive: Predictive, labels: [Double]?) -> TextTable {
        let n = predictive.count
        var header = ["ROW"]
        if labels != nil { header.append("Y") }
        var columns: [[String]] = []
        switch predictive {
        case .gaussian(let mean, let variance, _):
            header += ["MEAN", "SD"]
            columns = [mean.map { Format.number($0) }, variance.map { Format.number($0.squareRoot()) }]
        case .poisson(let rate, let variance):
            header += ["RATE", "SD"]
            columns = [rate.map { Format.number($0) }, variance.map { Format.number($0.squareRoot()) }]
        case .probabilities(let p, let k) where k == 2:
            header += ["P(Y=1)"]
            columns = [(0..<n).map { Format.number(p[2 * $0 + 1]) }]
        case .probabilities(let p, let k):
            header += (0..<k).map { "P(\($0))" } + ["CLASS"]
            columns = (0..<k).map { c in (0..<n).map { Format.number(p[$0 * k + c]) } }
            columns.append(
                (0..<n).map { i in
                    String((0..<k).max { p[i * k + $0] < p[i * k + $1] } ?? 0)
                })
        }
        var table = TextTable(header, rightAligned: Set(header.indices))
        for i in 0..<n {
            var row = ["\(i + 1)"]
            if let labels { row.append(Format.number(labels[i])) }
            row += columns.map { $0[i] }
            table.append(row)
        }
        return table
    }
}
