import NumpyFiles
import Vocabulary

/// The examples of `--npy X.npy Y.npy`: x a 2-D array (n, d), y a 1-D array of n labels (an (n, 1) column is
/// accepted too), read into an ``ExampleTable``.
struct NPYPair {
    let xPath: String
    let yPath: String

    /// Reads both files and checks that their shapes agree; keeps the first `limit` rows when given.
    func load(task: LearningTask?, limit: Int?) throws(PublishError) -> ExampleTable {
        let x = try Self.read(xPath)
        guard x.shape.count == 2 else {
            throw PublishError(
                "\(xPath): x must be a 2-D array (n examples, d features); its shape is \(NPYArray.shapeText(x.shape))")
        }
        guard x.shape[1] >= 1 else {
            throw PublishError("\(xPath): x has shape \(NPYArray.shapeText(x.shape)): no features")
        }
        let y = try Self.read(yPath)
        guard y.shape.count == 1 || (y.shape.count == 2 && y.shape[1] == 1) else {
            throw PublishError(
                "\(yPath): y must be a 1-D array of labels; its shape is \(NPYArray.shapeText(y.shape))")
        }
        guard x.shape[0] == y.shape[0] else {
            throw PublishError(
                "\(xPath) has \(x.shape[0]) rows but \(yPath) has \(y.shape[0]) labels; x and y must have the "
                    + "same length")
        }
        return try ExampleTable(
            x: x.values, y: y.values, features: x.shape[1], integerLabels: y.dtype.isInteger,
            isSinglePrecision: x.dtype == .f4, origin: yPath,
            summary: "\(xPath) (\(x.dtype.code)) and \(yPath) (\(y.dtype.code))", task: task, limit: limit)
    }

    /// The array at `path`, its refusal as this tool's one-line error.
    private static func read(_ path: String) throws(PublishError) -> NPYArray {
        do { return try NPYArray(path: path) } catch { throw PublishError(error.description) }
    }
}
