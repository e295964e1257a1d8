import Decode
import Foundation
import NumpyFiles

/// One anchor's numbers from bench/anchors.py.
struct AnchorResult {
    let samplesPerSecond: Double?
    let logLoss: Double?
    let error: String?
}

/// Runs bench/anchors.py (river, VW) on the same data, written as .npy files.
enum Anchors {
    static func run(python: String, x: [Double], y: [Double], features d: Int, batches: [Int]) throws -> [String:
        AnchorResult]
    {
        guard !python.isEmpty, FileManager.default.isExecutableFile(atPath: python) else {
            FileHandle.standardError.write(
                Data("e2e: no Python at \(python) (make bench creates it); anchors skipped\n".utf8))
            return [:]
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "anchors-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try NPYWriter.write(x, shape: [y.count, d], to: directory.appendingPathComponent("X.npy").path)
        try NPYWriter.write(y, shape: [y.count], to: directory.appendingPathComponent("y.npy").path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [
                "bench/anchors.py", directory.appendingPathComponent("X.npy").path,
                directory.appendingPathComponent("y.npy").path,
            ] + batches.map(String.init)
        let pipe = Pipe()
        process.standardOutput = pipe
        FileHandle.standardError.write(Data("e2e: timing river and VW at d=\(d)…\n".utf8))
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let object = try JSONValue.parse(Array(data)).objectValue else { return [:] }
        return object.mapValues {
            AnchorResult(
                samplesPerSecond: $0["samples_per_s"]?.doubleValue, logLoss: $0["log_loss"]?.doubleValue,
                error: $0["error"]?.stringValue)
        }
    }
}
