import Decode
import Testing
import Vocabulary

/// One malformed message and how it must be refused.
struct Malformed: Sendable, CustomTestStringConvertible {
    let name: String
    let frames: [[UInt8]]
    var stream = Fixtures.stream()
    var maxElements = IngestDecoder.defaultMaxElements
    /// The `DecodeError.code` of the expected case.
    let code: String
    /// Text the reason must contain (the offending field).
    let mentions: String
    /// The seq the error must carry.
    var seq: UInt64? = 1

    var testDescription: String { name }
}

extension Malformed {
    static let x2 = Fixtures.data(n: 2, d: 3).x
    static let y2: [Double] = [0, 1]

    static func binary(
        _ name: String, _ code: String, _ mentions: String, y: [Double]? = y2, yType: DType = .i4,
        extra: [String: JSONValue] = [:], stream: StreamSpec = Fixtures.stream(), seq: UInt64? = 1,
        edit: (inout [[UInt8]]) -> Void = { _ in }
    ) -> Malformed {
        var frames = Fixtures.binary(x: x2, d: 3, y: y, yType: yType, extra: extra)
        edit(&frames)
        return Malformed(name: name, frames: frames, stream: stream, code: code, mentions: mentions, seq: seq)
    }

    static func header(_ name: String, _ text: String, _ code: String, _ mentions: String, seq: UInt64? = nil)
        -> Malformed
    {
        let rest = [Fixtures.bytes(x2, as: .f8)]
        return Malformed(name: name, frames: Fixtures.raw(header: text, rest), code: code, mentions: mentions, seq: seq)
    }

    static func json(_ name: String, _ text: String, _ code: String, _ mentions: String, seq: UInt64? = 1)
        -> Malformed
    {
        Malformed(name: name, frames: Fixtures.raw(header: text, []), code: code, mentions: mentions, seq: seq)
    }

    static let all: [Malformed] = [
        binary("topic that only shares a prefix", "topic", "topic", seq: nil) { $0[0] = Array("seafood".utf8) },
        binary("topic that is a prefix", "topic", "topic", seq: nil) { $0[0] = Array("se".utf8) },
        Malformed(name: "one frame", frames: [Array("sea".utf8)], code: "frames", mentions: "frame", seq: nil),
        binary("five frames", "frames", "frame") { $0.append([]) },
        binary("y in the header, no y frame", "frames", "frame") { $0.removeLast() },
        binary("y frame without y in the header", "frames", "frame", y: nil) { $0.append([0, 0, 0, 0]) },
        json("binary descriptor in two frames", #"{"seq":1,"x":{"dtype":"<f8","shape":[2,3]}}"#, "frames", "frame"),
        Malformed(
            name: "header not UTF-8", frames: [Array("sea".utf8), [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], []],
            code: "header_utf8", mentions: "header", seq: nil),
        header("header not JSON", #"{"seq": 1,"#, "header_json", "header"),
        header("header with a duplicate key", #"{"seq": 1, "seq": 2}"#, "header_json", "header"),
        header("header not an object", "[1, 2]", "header_object", "header"),
        header("no seq", #"{"x": {"dtype": "<f8", "shape": [2, 3]}}"#, "seq_missing", "seq"),
        header("negative seq", #"{"seq": -1}"#, "seq_invalid", "seq"),
        header("fractional seq", #"{"seq": 1.5}"#, "seq_invalid", "seq"),
        header("string seq", #"{"seq": "1"}"#, "seq_invalid", "seq"),
        header("seq above 2^64", #"{"seq": 18446744073709551616}"#, "seq_invalid", "seq"),
        header("boolean seq", #"{"seq": true}"#, "seq_invalid", "seq"),
        header("null seq", #"{"seq": null}"#, "seq_invalid", "seq"),
        binary("negative epoch", "epoch", "epoch", extra: ["epoch": -1]),
        binary("string ts", "ts", "ts", extra: ["ts": "yesterday"]),
        json("NaN ts", #"{"seq": 1, "ts": NaN, "x": [[1, 2, 3]]}"#, "ts", "ts"),
        binary("no x", "x_missing", "x", extra: ["x": nil]),
        binary("x descriptor not an object", "descriptor", "x", extra: ["x": [2, 3]]),
        binary("x shape of rank 1", "descriptor", "x", extra: ["x": Fixtures.descriptor(.f8, [6])]),
        binary("x shape negative", "descriptor", "x", extra: ["x": ["dtype": "<f8", "shape": [-2, 3]]]),
        binary("x without dtype", "descriptor", "x", extra: ["x": ["shape": [2, 3]]]),
        binary(
            "fortran_order not a boolean", "descriptor", "x",
            extra: ["x": ["dtype": "<f8", "shape": [2, 3], "fortran_order": "no"]]),
        binary("x dtype <i4", "x_dtype", "x dtype", extra: ["x": Fixtures.descriptor(.i4, [2, 3])]),
        binary("x dtype big-endian", "x_dtype", "x dtype", extra: ["x": ["dtype": ">f8", "shape": [2, 3]]]),
        binary("x dtype float64", "x_dtype", "x dtype", extra: ["x": ["dtype": "float64", "shape": [2, 3]]]),
        binary(
            "integer y on a regression stream", "y_dtype", "y dtype",
            stream: Fixtures.stream(task: .regression)),
        binary("y dtype <u1", "y_dtype", "y dtype", extra: ["y": ["dtype": "|u1", "shape": [2]]]),
        binary(
            "fortran order", "fortran_order", "x",
            extra: ["x": ["dtype": "<f8", "shape": [2, 3], "fortran_order": true]]),
        binary("d ≠ the stream's features", "features", "x", extra: ["x": Fixtures.descriptor(.f8, [3, 2])]),
        binary(
            "n × d above the default limit", "too_large", "x",
            extra: ["x": Fixtures.descriptor(.f8, [1 << 40, 3])]),
        Malformed(
            name: "n × d above a configured limit", frames: Fixtures.binary(x: x2, d: 3, y: y2), maxElements: 5,
            code: "too_large", mentions: "x"),
        binary("x bytes short", "byte_length", "x") { $0[2].removeLast() },
        binary("x bytes of f4 for an f8 header", "byte_length", "x") {
            $0[2] = Fixtures.bytes(x2, as: .f4)
        },
        binary("y bytes long", "byte_length", "y") { $0[3].append(0) },
        binary("y shape [n, 1]", "y_shape", "y", extra: ["y": Fixtures.descriptor(.i4, [2, 1])]),
        binary("y shape [n + 1]", "y_shape", "y", extra: ["y": Fixtures.descriptor(.i4, [3])]),
        binary("NaN in x", "non_finite", "x[1][2]", y: y2) { $0[2] = Fixtures.bytes(x2.nan(at: 5), as: .f8) },
        binary("infinity in f4 x", "non_finite", "x[0][1]") {
            $0 = Fixtures.binary(x: x2.inf(at: 1), d: 3, xType: .f4, y: y2)
        },
        binary(
            "NaN in y", "non_finite", "y[1]", y: [0.5, .nan], yType: .f8,
            stream: Fixtures.stream(task: .regression)),
        binary("binary label 2", "label_range", "y[1]", y: [0, 2]),
        binary("binary label 0.5 as f4", "label_range", "y[0]", y: [0.5, 1], yType: .f4),
        binary(
            "multiclass label K", "label_range", "y[1]", y: [2, 3], yType: .i8,
            stream: Fixtures.stream(task: .multiclass, classes: 3)),
        binary("negative count", "label_range", "y[0]", y: [-1, 3], stream: Fixtures.stream(task: .count)),
        binary(
            "fractional count", "label_range", "y[1]", y: [1, 2.5], yType: .f8,
            stream: Fixtures.stream(task: .count)),
        binary("ids too short", "ids", "ids", extra: ["ids": ["a"]]),
        binary("ids with a float", "ids", "ids", extra: ["ids": [1, 2.5]]),
        binary("ids not an array", "ids", "ids", extra: ["ids": "a,b"]),
        json("JSON x not an array", #"{"seq": 1, "x": "1,2,3"}"#, "array", "x"),
        json("JSON x row not an array", #"{"seq": 1, "x": [[1, 2, 3], 4]}"#, "array", "x"),
        json("JSON x with a string", #"{"seq": 1, "x": [[1, "2", 3]]}"#, "array", "x"),
        json("JSON x with null", #"{"seq": 1, "x": [[1, null, 3]]}"#, "array", "x"),
        json("JSON x not rectangular", #"{"seq": 1, "x": [[1, 2, 3], [1, 2]]}"#, "array", "x"),
        json("JSON rows of d + 1", #"{"seq": 1, "x": [[1, 2, 3, 4]]}"#, "features", "x"),
        json("JSON y too short", #"{"seq": 1, "x": [[1, 2, 3], [4, 5, 6]], "y": [1]}"#, "y_shape", "y"),
        json("JSON y of strings", #"{"seq": 1, "x": [[1, 2, 3]], "y": ["1"]}"#, "array", "y"),
        json("JSON y not an array", #"{"seq": 1, "x": [[1, 2, 3]], "y": 1}"#, "array", "y"),
        json("JSON NaN token in x", #"{"seq": 1, "x": [[1, NaN, 3]]}"#, "non_finite", "x[0][1]"),
        json("JSON overflowing number in x", #"{"seq": 1, "x": [[1, 2, 3], [1e400, 0, 0]]}"#, "non_finite", "x[1][0]"),
        json("JSON -Infinity in y", #"{"seq": 1, "x": [[1, 2, 3]], "y": [-Infinity]}"#, "non_finite", "y[0]"),
        json("JSON binary label 3", #"{"seq": 1, "x": [[1, 2, 3]], "y": [3]}"#, "label_range", "y[0]"),
        json("JSON no x", #"{"seq": 1, "y": [1]}"#, "x_missing", "x"),
    ]
}

extension [Double] {
    func nan(at k: Int) -> [Double] { var c = self; c[k] = .nan; return c }
    func inf(at k: Int) -> [Double] { var c = self; c[k] = .infinity; return c }
}

@Suite("Malformed ingest messages are refused (docs/PROTOCOL.md §1)")
struct MalformedMessageTests {
    @Test(
        "each malformed kind is refused with its own case, a reason naming the field, and seq", arguments: Malformed.all
    )
    func refused(_ m: Malformed) {
        let error = Fixtures.decodeError { () throws(DecodeError) in
            try IngestDecoder.decode(m.frames, stream: m.stream, maxElements: m.maxElements)
        }
        guard let error else {
            Issue.record("\(m.name) was accepted")
            return
        }
        #expect(error.code == m.code, "\(m.name): \(error)")
        #expect(error.description.contains(m.mentions), "\(m.name): \(error)")
        #expect(error.seq == m.seq, "\(m.name): \(error)")
    }

    @Test("the list covers every kind of DecodeError a message can produce")
    func coverage() {
        let codes = Set(Malformed.all.map(\.code))
        let expected: Set<String> = [
            "topic", "frames", "header_utf8", "header_json", "header_object", "seq_missing", "seq_invalid", "epoch",
            "ts", "x_missing", "descriptor", "x_dtype", "y_dtype", "fortran_order", "features", "too_large",
            "byte_length", "y_shape", "array", "non_finite", "label_range", "ids",
        ]
        #expect(codes == expected)
    }

    @Test("the size guard refuses before allocating: a huge shape with tiny frames")
    func sizeGuard() {
        let frames = Fixtures.raw(
            header: #"{"seq": 1, "x": {"dtype": "<f8", "shape": [9223372036854775807, 3]}}"#, [[]])
        let error = Fixtures.decodeError { () throws(DecodeError) in
            try IngestDecoder.decode(frames, stream: Fixtures.stream())
        }
        #expect(error?.code == "too_large")
    }
}
