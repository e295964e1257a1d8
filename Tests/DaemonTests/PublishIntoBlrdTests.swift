import Foundation
import Testing

/// blr-publish into a real blrd: every input kind (synthetic, CSV, .npy), binary and JSON, bind and connect.
@Suite(.serialized) struct PublishIntoBlrdTests {
    static func publish(_ arguments: [String]) throws -> (Int32, String) {
        try PythonExampleTests.run(
            DaemonHarness.binaries.appendingPathComponent("blr-publish").path, arguments, timeout: 60)
    }

    /// A float64 .npy file (format 1.0).
    static func writeNPY(_ values: [Double], shape: [Int], to url: URL, dtype: String = "<f8") throws {
        var header =
            "{'descr': '\(dtype)', 'fortran_order': False, 'shape': (\(shape.map(String.init).joined(separator: ", "))\(shape.count == 1 ? "," : "")), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var bytes: [UInt8] =
            [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        if dtype == "<i8" {
            for v in values { withUnsafeBytes(of: Int64(v).littleEndian) { bytes += $0 } }
        } else {
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        }
        try Data(bytes).write(to: url)
    }

    @Test(arguments: [
        ("synthetic", "binary", "--connect"), ("synthetic", "json", "--bind"), ("csv", "binary", "--bind"),
        ("csv", "json", "--connect"), ("npy", "binary", "--connect"), ("npy", "json", "--bind"),
    ])
    func everyInputKindReachesTheModels(source: String, format: String, mode: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pub-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let endpoint = "ipc://\(directory.path)/in"
        // --connect: blr-publish connects, so blrd binds; --bind: the other way round.
        let h = try DaemonHarness(
            streams: [], models: "[[model]]\nname = \"clf\"\nstream = \"events\"\n",
            external: [("events", 3, "binary", mode == "--connect" ? "bind:" + endpoint : endpoint)])
        try h.start()
        try h.synchronize()
        let data = Reference.linearGaussian(n: 300, d: 3, noise: 0.25, seed: 3)
        let labels = data.y.map { $0 > 0.5 ? 1.0 : 0.0 }
        var arguments = [
            "--stream", "events", "--endpoint", endpoint, mode, "--format", format, "--batch", "50", "--quiet",
            "--wait", "20",
        ]
        switch source {
        case "synthetic":
            arguments += ["--synthetic", "logistic", "--features", "3", "--count", "300"]
        case "csv":
            let rows = (0..<300).map { i in
                (0..<3).map { String(data.x[i * 3 + $0]) }.joined(separator: ",") + ",\(Int(labels[i]))"
            }
            let csv = directory.appendingPathComponent("events.csv")
            try (["a,b,c,label"] + rows).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
            arguments += ["--csv", csv.path, "--label", "label"]
        default:
            let x = directory.appendingPathComponent("x.npy"), y = directory.appendingPathComponent("y.npy")
            try Self.writeNPY(data.x, shape: [300, 3], to: x)
            try Self.writeNPY(labels, shape: [300], to: y, dtype: "<i8")
            arguments += ["--npy", x.path, y.path]
        }
        let (status, output) = try Self.publish(arguments)
        #expect(status == 0, "\(output)")
        let messages = try h.receive { $0.topic == "model/clf" && $0.header["seq"]?.exactUInt64 == 5 }
        #expect(messages.filter { $0.topic == "pred/clf" }.count == 6)
        let reply = try h.control(["op": "status"])
        #expect(reply["streams"]?["events"]?["batches"]?.exactUInt64 == 6)
        #expect(reply["streams"]?["events"]?["rejected"]?.exactUInt64 == 0)
        #expect(reply["models"]?["clf"]?["version"]?.exactUInt64 == 7)
        #expect(try h.terminate() == 0)
    }
}
