import Decode
import Inference
import Testing
import Vocabulary

@Suite("Ingest decoding (docs/PROTOCOL.md §1)")
struct IngestDecoderTests {
    static let dtypePairs: [(DType, DType)] = [DType.f4, .f8].flatMap { x in [DType.i4, .i8, .f4, .f8].map { (x, $0) } }

    @Test("binary x of f4 and f8 with i4/i8/f4/f8 y decodes to the exact doubles", arguments: dtypePairs)
    func binaryRoundTrip(xType: DType, yType: DType) throws {
        let (x, y) = Fixtures.data(n: 37, d: 3)
        let message = try IngestDecoder.decode(
            Fixtures.binary(seq: 9, x: x, d: 3, xType: xType, y: y, yType: yType), stream: Fixtures.stream())
        let expectedX = xType == .f4 ? x.map { Double(Float($0)) } : x
        #expect(message.batch.x == expectedX)
        #expect(message.batch.y == y)
        #expect(message.batch.count == 37)
        #expect(message.batch.features == 3)
        #expect(message.seq == 9)
        #expect(message.epoch == 0)
        #expect(message.form == .binary)
        #expect(message.stream == "sea")
    }

    @Test("regression targets, multiclass indices and counts decode per task")
    func tasks() throws {
        var g = SplitMix64(state: 3)
        let x = (0..<20).map { _ in g.uniform() }
        let targets = (0..<10).map { _ in g.uniform(scale: 100) }
        let regression = Fixtures.stream(features: 2, task: .regression)
        let r = try IngestDecoder.decode(
            Fixtures.binary(x: x, d: 2, y: targets, yType: .f8), stream: regression)
        #expect(r.batch.y == targets)

        let classes = (0..<10).map { Double($0 % 4) }
        let multiclass = Fixtures.stream(features: 2, task: .multiclass, classes: 4)
        let m = try IngestDecoder.decode(Fixtures.binary(x: x, d: 2, y: classes, yType: .i8), stream: multiclass)
        #expect(m.batch.y == classes)

        let counts: [Double] = [0, 1, 2, 30, 400, 5, 0, 7, 1_099_511_627_776, 9]
        let count = Fixtures.stream(features: 2, task: .count)
        let c = try IngestDecoder.decode(Fixtures.binary(x: x, d: 2, y: counts, yType: .i8), stream: count)
        #expect(c.batch.y == counts)
        let cf = try IngestDecoder.decode(Fixtures.binary(x: x, d: 2, y: counts, yType: .f8), stream: count)
        #expect(cf.batch.y == counts)
    }

    @Test("the JSON form equals the binary form for the same data")
    func jsonEqualsBinary() throws {
        let (x, y) = Fixtures.data(n: 50, d: 3, seed: 11)
        let extra: [String: JSONValue] = ["epoch": 2, "ts": 1_764_160_000.5, "ids": .array((0..<50).map { .int($0) })]
        let stream = Fixtures.stream()
        let binary = try IngestDecoder.decode(Fixtures.binary(x: x, d: 3, y: y, extra: extra), stream: stream)
        let json = try IngestDecoder.decode(Fixtures.json(x: x, d: 3, y: y, extra: extra), stream: stream)
        #expect(json.form == .json)
        #expect(json.batch == binary.batch)
        #expect(json.ids == binary.ids)
        #expect(json.epoch == 2 && binary.epoch == 2)
        #expect(json.ts == 1_764_160_000.5 && binary.ts == json.ts)
        #expect(json.seq == binary.seq)
    }

    @Test("a JSON document as Python writes it decodes")
    func pythonStyleJSON() throws {
        let text = """
            {"seq": 3, "epoch": 1, "x": [[0.1, -2, 3e2], [1.5E-3, 0, -0.0]], "y": [1, 0.0], "ids": ["a", 7]}
            """
        let message = try IngestDecoder.decode(Fixtures.raw(header: text, []), stream: Fixtures.stream())
        #expect(message.batch.x == [0.1, -2, 300, 0.0015, 0, 0])
        #expect(message.batch.y == [1, 0])
        #expect(message.ids == [.string("a"), .int(7)])
        #expect(message.epoch == 1)
    }

    @Test("unlabelled batches decode with y = nil in both forms")
    func unlabelled() throws {
        let (x, _) = Fixtures.data(n: 4, d: 3)
        let stream = Fixtures.stream()
        let binary = try IngestDecoder.decode(Fixtures.binary(x: x, d: 3), stream: stream)
        #expect(binary.batch.y == nil)
        #expect(!binary.isLabelled)
        let json = try IngestDecoder.decode(Fixtures.json(x: x, d: 3), stream: stream)
        #expect(json.batch.y == nil)
        let nullY = try IngestDecoder.decode(Fixtures.json(x: x, d: 3, extra: ["y": nil]), stream: stream)
        #expect(nullY.batch.y == nil)
        #expect(nullY.batch.x == x)
    }

    @Test("seq: 0, 2^64 − 1 and integral 42.0 are accepted; unknown keys and nulls are ignored")
    func seqAndExtensions() throws {
        let (x, y) = Fixtures.data(n: 2, d: 3)
        let stream = Fixtures.stream()
        for seq: UInt64 in [0, 1, UInt64.max] {
            #expect(try IngestDecoder.decode(Fixtures.binary(seq: seq, x: x, d: 3, y: y), stream: stream).seq == seq)
        }
        let float = Fixtures.binary(x: x, d: 3, y: y, extra: ["seq": 42.0, "ts": nil, "ids": nil, "note": "hi"])
        let message = try IngestDecoder.decode(float, stream: stream)
        #expect(message.seq == 42)
        #expect(message.ts == nil && message.ids == nil)
        let fortranFalse = Fixtures.binary(
            x: x, d: 3, y: y,
            extra: ["x": ["dtype": "<f8", "shape": [2, 3], "fortran_order": false]])
        #expect(try IngestDecoder.decode(fortranFalse, stream: stream).batch.x == x)
    }

    @Test("an empty batch (n = 0) is valid")
    func emptyBatch() throws {
        let message = try IngestDecoder.decode(Fixtures.binary(x: [], d: 3, y: []), stream: Fixtures.stream())
        #expect(message.batch.count == 0)
        #expect(message.batch.y == [])
        let json = try IngestDecoder.decode(Fixtures.json(x: [], d: 3), stream: Fixtures.stream())
        #expect(json.batch.count == 0)
    }

    @Test("ids round-trip as the same JSON kind")
    func ids() throws {
        let ids: [ExampleID] = [.int(-5), .string("row-2"), .int(Int64.max)]
        let (x, y) = Fixtures.data(n: 3, d: 3)
        let message = try IngestDecoder.decode(
            Fixtures.binary(x: x, d: 3, y: y, extra: ["ids": .array(ids.map(\.json))]), stream: Fixtures.stream())
        #expect(message.ids == ids)
        #expect(JSONValue.array(ids.map(\.json)).jsonText == #"[-5,"row-2",9223372036854775807]"#)
    }

    @Test("a large message (n = 100 000, d = 10) decodes")
    func large() throws {
        let n = 100_000
        let d = 10
        var g = SplitMix64(state: 5)
        let x = (0..<(n * d)).map { _ in Double(Float(g.uniform(scale: 10))) }
        let y = (0..<n).map { _ in Double(g.below(2)) }
        let stream = Fixtures.stream("big", features: d)
        let frames = Fixtures.binary(topic: "big", x: x, d: d, xType: .f4, y: y)
        let message = try IngestDecoder.decode(frames, stream: stream)
        #expect(message.batch.count == n)
        #expect(message.batch.x == x)
        #expect(message.batch.y == y)
    }
}
