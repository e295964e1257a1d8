import Tabular
import Vocabulary

/// Reads a CSV file with a header row (blrd's CSV rules: ``Tabular/CSVTable``) into an ``ExampleTable``: the
/// column named by `--label` holds the labels, every other column is a feature, and every cell must be a finite
/// number. Any problem is one ``PublishError`` naming the file, the line and the column.
struct CSVExamples {
    let path: String
    let label: String

    /// Reads the file into a table, keeping the first `limit` rows when given.
    func load(task: LearningTask?, limit: Int?) throws(PublishError) -> ExampleTable {
        do {
            let table = try CSVTable(path: path)
            let labelIndex = try labelColumn(of: table)
            let features = table.header.count - 1
            let rows = min(table.rows.count, limit ?? table.rows.count)
            var x: [Double] = []
            var y: [Double] = []
            x.reserveCapacity(rows * features)
            y.reserveCapacity(rows)
            for row in 0..<rows {
                for column in table.header.indices {
                    let value = try table.number(row: row, column: column)
                    if column == labelIndex { y.append(value) } else { x.append(value) }
                }
            }
            guard !y.isEmpty else { throw CSVError("\(path): no data rows after the header") }
            return try ExampleTable(
                x: x, y: y, features: features, integerLabels: false, isSinglePrecision: false, origin: path,
                summary: "\(path) (label column \"\(label)\")", task: task, limit: nil)
        } catch let error as PublishError {
            throw error
        } catch {
            throw PublishError("\(error)")
        }
    }

    /// The index of the label column, which must be named exactly once beside at least one feature.
    private func labelColumn(of table: CSVTable) throws(PublishError) -> Int {
        let names = table.header
        let place = "\(path):\(table.headerLine)"
        let matches = names.indices.filter { names[$0] == label }
        guard let labelIndex = matches.first else {
            let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw PublishError("\(place): no column named \"\(label)\" in the header (columns: \(list))")
        }
        guard matches.count == 1 else {
            throw PublishError(
                "\(place): the header names column \"\(label)\" \(matches.count) times (columns "
                    + "\(matches.map { String($0 + 1) }.joined(separator: ", "))); the label column must be unique")
        }
        guard names.count > 1 else {
            throw PublishError("\(place): the header has only the label column \"\(label)\"; no features")
        }
        return labelIndex
    }
}
