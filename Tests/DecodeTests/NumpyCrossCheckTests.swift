import Decode
import Foundation
import Testing

/// A python3 that imports numpy, found on PATH.
enum Numpy {
    /// The path of a python3 that imports numpy, or nil.
    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/python3"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            return (try? run(candidate, "import numpy")) != nil ? candidate : nil
        }
        return nil
    }()

    /// Runs `script` with `stdin`; its stdout, or throws when it fails.
    static func run(_ python: String, _ script: String, stdin: Data = Data()) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return data
    }
}

/// Cross-checks against numpy's own byte layout when python3 with numpy is installed (skipped otherwise).
@Suite("numpy cross-check", .enabled(if: Numpy.python != nil, "python3 with numpy is not installed"))
struct NumpyCrossCheckTests {

    @Test("frames built the pyzmq way (send_json + tobytes) decode to numpy's values, in both forms")
    func publisherIdiom() throws {
        let script = """
            import json, numpy as np
            rng = np.random.default_rng(3)
            X = rng.normal(size=(25, 4)).astype(np.float32)
            y = rng.integers(0, 3, size=25).astype(np.int32)
            header = json.dumps({"seq": 8, "x": {"dtype": X.dtype.str, "shape": X.shape},
                                 "y": {"dtype": y.dtype.str, "shape": y.shape}})
            doc = json.dumps({"seq": 8, "x": X.astype(float).tolist(), "y": y.tolist()})
            print(json.dumps({"header": header, "x": X.tobytes().hex(), "y": y.tobytes().hex(), "doc": doc,
                              "values": X.astype("<f8").tobytes().hex()}))
            """
        let out = try Numpy.run(Numpy.python!, script)
        let fields = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        let header = Array(try #require(fields["header"] as? String).utf8)
        let x = try hex(fields["x"])
        let y = try hex(fields["y"])
        let doc = Array(try #require(fields["doc"] as? String).utf8)
        // The expected doubles travel as bytes: Foundation's JSONSerialization on Linux is not correctly rounded
        // (it reads 0.4180988371372223 as 0.41809883713722246), while our parser is.
        let values = try #require(Float64Frame.decode(try hex(fields["values"])))
        let stream = Fixtures.stream("s", features: 4, task: .multiclass, classes: 3)

        let binary = try IngestDecoder.decode([Array("s".utf8), header, x, y], stream: stream)
        #expect(binary.batch.x == values)
        let json = try IngestDecoder.decode([Array("s".utf8), doc], stream: stream)
        #expect(json.batch == binary.batch)
    }

    @Test("numpy.frombuffer(frame, '<f8') reads a published frame")
    func publishedFrame() throws {
        let values = [0.1, -2.5, 1e-300, 12345.678]
        let frame = Float64Frame.encode(values)
        let script =
            "import sys, json, numpy as np; print(json.dumps(np.frombuffer(sys.stdin.buffer.read(), '<f8').tolist()))"
        let out = try Numpy.run(Numpy.python!, script, stdin: Data(frame))
        let read = try #require(try JSONSerialization.jsonObject(with: out) as? [NSNumber]).map(\.doubleValue)
        #expect(read == values)
    }

    private func hex(_ value: Any?) throws -> [UInt8] {
        let text = Array(try #require(value as? String).utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : c - UInt8(ascii: "a") + 10 }
        return stride(from: 0, to: text.count, by: 2).map { nibble(text[$0]) << 4 | nibble(text[$0 + 1]) }
    }
}
