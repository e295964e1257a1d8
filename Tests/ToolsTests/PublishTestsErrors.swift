import Foundation
import Testing
import ZeroMQ

/// `blr-publish` refusing bad input: exit status 1 and exactly one line on stderr naming the problem (and, for
/// CSV, the line and column), before any socket is opened; exit status 2 when nobody subscribes in time.
@Suite("blr-publish: bad input and a missing subscriber")
struct PublishTestsErrors {
    /// Runs blr-publish on `arguments` with an endpoint nobody serves and a 1 s wait (which a bad input must
    /// never reach).
    static func run(_ arguments: [String]) throws -> ToolProcess.Result? {
        guard let executable = PublishHarness.executable() else { return nil }
        let common = ["--stream", "sea", "--endpoint", "tcp://127.0.0.1:9", "--wait", "1", "--quiet"]
        return try ToolProcess.run(executable, arguments: common + arguments, timeout: 30)
    }

    /// Writes `text` to `name` in a new temporary directory.
    static func file(_ name: String, _ text: String) throws -> (directory: URL, path: String) {
        let directory = try PublishHarness.temporaryDirectory()
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    /// Expects status 1 and one stderr line containing every one of `parts`.
    static func expectOneLine(
        _ result: ToolProcess.Result, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasSuffix("\n") && result.stderr.filter { $0 == "\n" }.count == 1,
            sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(result.seconds < 5, sourceLocation: sourceLocation)
    }

    @Test("a CSV without the --label column")
    func csvMissingLabel() throws {
        let (directory, path) = try Self.file("data.csv", "a,b,c\n1,2,3\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let result = try Self.run(["--csv", path, "--label", "y"]) else { return }
        Self.expectOneLine(result, ["\(path):1:", "no column named \"y\"", "\"a\", \"b\", \"c\""])
    }

    @Test("a CSV row with a missing field names its line and the missing column")
    func csvRaggedRow() throws {
        let (directory, path) = try Self.file("data.csv", "a,b,y\n1,2,3\n4,5,6\n7,8\n9,10,11\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let result = try Self.run(["--csv", path, "--label", "y"]) else { return }
        Self.expectOneLine(result, ["\(path):4:", "column 3 (\"y\") is missing", "2 fields", "3 columns"])
    }

    @Test("a CSV row with an extra field names its line")
    func csvLongRow() throws {
        let (directory, path) = try Self.file("data.csv", "a,b,y\n1,2,3,4\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let result = try Self.run(["--csv", path, "--label", "y"]) else { return }
        Self.expectOneLine(result, ["\(path):2:", "column 4", "4 fields"])
    }

    @Test("a non-numeric CSV cell names its line, column and text")
    func csvNonNumeric() throws {
        let (directory, path) = try Self.file("data.csv", "a,b,y\n1,2,3\n\n4,abc,6\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let result = try Self.run(["--csv", path, "--label", "y"]) else { return }
        Self.expectOneLine(result, ["\(path):4: column 2 (\"b\"): \"abc\" is not a number"])
    }

    @Test("a non-finite CSV cell and an empty one are refused too")
    func csvNonFiniteAndEmpty() throws {
        let (directory, path) = try Self.file("data.csv", "a,b,y\n1,nan,3\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let result = try Self.run(["--csv", path, "--label", "y"]) else { return }
        Self.expectOneLine(result, ["\(path):2: column 2 (\"b\")", "not a finite number"])
        let (other, empty) = try Self.file("empty.csv", "a,b,y\n1,,3\n")
        defer { try? FileManager.default.removeItem(at: other) }
        guard let second = try Self.run(["--csv", empty, "--label", "y"]) else { return }
        Self.expectOneLine(second, ["\(empty):2: column 2 (\"b\") is empty"])
    }

    @Test("a missing CSV file")
    func csvMissingFile() throws {
        guard let result = try Self.run(["--csv", "/nonexistent/data.csv", "--label", "y"]) else { return }
        Self.expectOneLine(result, ["/nonexistent/data.csv", "cannot read"])
    }

    @Test(".npy files whose lengths differ")
    func npyLengthMismatch() throws {
        let directory = try PublishHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let x = PublishTestsNPYWriter.file(
            descr: "<f8", shape: [10, 2], body: PublishTestsNPYWriter.float64(Array(repeating: 1, count: 20)))
        let y = PublishTestsNPYWriter.file(
            descr: "<i8", shape: [9], body: PublishTestsNPYWriter.int64(Array(repeating: 0, count: 9)))
        let xPath = try PublishTestsNPYWriter.write(x, to: "x.npy", in: directory)
        let yPath = try PublishTestsNPYWriter.write(y, to: "y.npy", in: directory)
        guard let result = try Self.run(["--npy", xPath, yPath]) else { return }
        Self.expectOneLine(result, [xPath, "10 rows", yPath, "9 labels"])
    }

    @Test(".npy files that are big-endian, Fortran-ordered, truncated or of the wrong rank")
    func npyUnsupported() throws {
        let directory = try PublishHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let body = PublishTestsNPYWriter.float64(Array(repeating: 1, count: 6))
        let y = try PublishTestsNPYWriter.write(
            PublishTestsNPYWriter.file(descr: "<i8", shape: [3], body: PublishTestsNPYWriter.int64([0, 1, 0])),
            to: "y.npy", in: directory)
        let cases: [(String, [UInt8], [String])] = [
            ("big.npy", PublishTestsNPYWriter.file(descr: ">f8", shape: [3, 2], body: body), ["big-endian"]),
            (
                "fortran.npy", PublishTestsNPYWriter.file(descr: "<f8", shape: [3, 2], body: body, fortranOrder: true),
                ["Fortran order"]
            ),
            (
                "short.npy", PublishTestsNPYWriter.file(descr: "<f8", shape: [3, 2], body: Array(body[..<40])),
                ["truncated"]
            ),
            ("flat.npy", PublishTestsNPYWriter.file(descr: "<f8", shape: [6], body: body), ["2-D", "(6,)"]),
            (
                "bool.npy",
                PublishTestsNPYWriter.file(descr: "|b1", shape: [3, 2], body: Array(repeating: 1, count: 6)),
                ["|b1", "not supported"]
            ),
            ("junk.npy", Array("not numpy".utf8), ["not an .npy file"]),
        ]
        for (name, bytes, parts) in cases {
            let x = try PublishTestsNPYWriter.write(bytes, to: name, in: directory)
            guard let result = try Self.run(["--npy", x, y]) else { return }
            Self.expectOneLine(result, [x] + parts)
        }
    }

    @Test("--wait 1 with nobody subscribing exits 2 after about a second with a clear message")
    func noSubscriber() async throws {
        guard let executable = PublishHarness.executable() else { return }
        let endpoint = try await PublishHarness.onThread {
            try PublishHarness.freeTCPEndpoint(context: try Context())
        }
        let arguments = ["--stream", "sea", "--endpoint", endpoint, "--synthetic", "linear", "--wait", "1"]
        let result = try ToolProcess.run(executable, arguments: arguments, timeout: 30)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("no subscriber to stream \"sea\"") && result.stderr.contains("within 1 s"))
        #expect(result.seconds >= 0.9 && result.seconds < 10)
    }

    @Test("a usage error (two sources) is refused with ArgumentParser's usage status")
    func twoSources() throws {
        guard let result = try Self.run(["--synthetic", "linear", "--csv", "data.csv", "--label", "y"]) else { return }
        #expect(result.status == 64)
        #expect(result.stderr.contains("exactly one source"))
    }
}
