import Decode
import Foundation
import Testing

/// `blr-publish --csv` and `--npy` round trips: what the subscriber decodes is exactly what the files hold.
@Suite("blr-publish: CSV and .npy inputs round-trip exactly")
struct PublishTestsFiles {
    @Test("CSV: the label column (in the middle) becomes y, the others x, every double exactly as written")
    func csvRoundTrip() async throws {
        let directory = try PublishHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows: [[String]] = (0..<10).map { i in
            let a = String(Double(i) * 0.1 - 0.35)
            let b = String(-3.25e-7 * Double(i * i + 1))
            let label = String(1.5 + Double(i) / 3)
            let c = i % 2 == 0 ? "\(i * 1000)" : "1e\(i)"
            return [a, b, label, c]
        }
        let text = "a, b,y ,c\r\n" + rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n\r\n"
        let path = directory.appendingPathComponent("data.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let arguments = ["--stream", "sea", "--csv", path, "--label", "y", "--batch", "4"]
        guard let run = try await PublishHarness.publish(arguments) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let spec = try StreamSpec(name: "sea", features: 3, task: .regression)
        let messages = try PublishHarness.decode(run, as: spec)
        #expect(messages.map(\.seq) == [0, 1, 2])
        let features: [Double] = rows.flatMap { (row: [String]) -> [Double] in
            [row[0], row[1], row[3]].compactMap(Double.init)
        }
        let labels: [Double] = rows.compactMap { Double($0[2]) }
        #expect(features.count == 30 && labels.count == 10)
        #expect(messages.flatMap(\.batch.x) == features)
        #expect(messages.flatMap { $0.batch.y ?? [] } == labels)
        #expect(run.result.stdoutLines.first?.contains("n 10, d 3, task regression") == true)
    }

    @Test("CSV: integral labels 0, 1, 2 are inferred as multiclass and sent as <i8")
    func csvInfersClasses() async throws {
        let directory = try PublishHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("classes.csv").path
        let rows = (0..<9).map { "\"\(Double($0) / 4)\",\($0 % 3),\(-$0)" }
        try (["x1,\"label\",x2"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)

        guard let run = try await PublishHarness.publish(["--stream", "sea", "--csv", path, "--label", "label"])
        else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let messages = try PublishHarness.decode(
            run, as: StreamSpec(name: "sea", features: 2, task: .multiclass, classes: 3))
        #expect(messages.count == 1)
        #expect(messages[0].batch.y == (0..<9).map { Double($0 % 3) })
        let expected: [Double] = (0..<9).flatMap { (i: Int) -> [Double] in [Double(i) / 4, Double(-i)] }
        #expect(messages[0].batch.x == expected)
        #expect(String(decoding: run.messages[0][1], as: UTF8.self).contains("\"<i8\""))
        #expect(run.result.stdoutLines.first?.contains("task multiclass (3 classes)") == true)
    }

    @Test(".npy: float32 x and int64 y decode to the same numbers; x goes as <f4, y as <i8")
    func npyRoundTrip() async throws {
        let directory = try PublishHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let n = 50, d = 3
        let x: [Float] = (0..<(n * d)).map { Float($0) * 0.37 - 5.1 }
        let y: [Int64] = (0..<n).map { Int64($0 % 3) }
        let xPath = try PublishTestsNPYWriter.write(
            PublishTestsNPYWriter.file(descr: "<f4", shape: [n, d], body: PublishTestsNPYWriter.float32(x)),
            to: "x.npy", in: directory)
        let yPath = try PublishTestsNPYWriter.write(
            PublishTestsNPYWriter.file(descr: "<i8", shape: [n], body: PublishTestsNPYWriter.int64(y), version: 2),
            to: "y.npy", in: directory)

        let arguments = ["--stream", "sea", "--npy", xPath, yPath, "--batch", "16"]
        guard let run = try await PublishHarness.publish(arguments) else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let spec = try StreamSpec(name: "sea", features: d, task: .multiclass, classes: 3)
        let messages = try PublishHarness.decode(run, as: spec)
        #expect(messages.map(\.seq) == [0, 1, 2, 3])
        #expect(messages.flatMap(\.batch.x) == x.map(Double.init))
        #expect(messages.flatMap { $0.batch.y ?? [] } == y.map(Double.init))
        let header = String(decoding: run.messages[0][1], as: UTF8.self)
        #expect(header.contains("\"<f4\"") && header.contains("\"<i8\""))
        #expect(run.result.stdoutLines.first?.contains("n 50, d 3, task multiclass (3 classes)") == true)
    }

    @Test(".npy: float64 x and float64 non-integral y are a regression stream; --count keeps the first rows")
    func npyRegressionWithCount() async throws {
        let directory = try PublishHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let x: [Double] = (0..<20).map { Double($0) / 7 }
        let y: [Double] = (0..<10).map { Double($0) * 0.5 + 0.25 }
        let xPath = try PublishTestsNPYWriter.write(
            PublishTestsNPYWriter.file(
                descr: "<f8", shape: [10, 2], body: PublishTestsNPYWriter.float64(x), version: 3),
            to: "x.npy", in: directory)
        let yPath = try PublishTestsNPYWriter.write(
            PublishTestsNPYWriter.file(descr: "<f8", shape: [10], body: PublishTestsNPYWriter.float64(y)),
            to: "y.npy", in: directory)

        guard let run = try await PublishHarness.publish(["--stream", "sea", "--npy", xPath, yPath, "--count", "7"])
        else { return }
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        let messages = try PublishHarness.decode(run, as: StreamSpec(name: "sea", features: 2, task: .regression))
        #expect(messages.count == 1)
        #expect(messages[0].batch.x == Array(x[..<14]))
        #expect(messages[0].batch.y == Array(y[..<7]))
    }
}
