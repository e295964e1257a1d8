import Inference
import Testing
@testable import Decode

/// What `IngestEncoder` writes, `IngestDecoder` reads back exactly.
@Suite struct IngestEncoderTests {
    let stream = try! StreamSpec(name: "s", features: 3, task: .regression)
    let batch = try! Batch(x: [0.1, -2.5, 3e-7, 1, 2, 3], y: [0.4180988371372223, -1], features: 3)

    @Test func binaryRoundTripsBitExactly() throws {
        let frames = IngestEncoder.binary(
            stream: "s", seq: 9, epoch: 2, batch: batch, integerLabels: false, ids: [.int(4), .string("b")], ts: 1.5)
        let message = try IngestDecoder.decode(frames, stream: stream)
        #expect(message.batch == batch)
        #expect(message.seq == 9 && message.epoch == 2 && message.ts == 1.5)
        #expect(message.ids == [.int(4), .string("b")])
        #expect(message.form == .binary)
    }

    @Test func jsonRoundTripsBitExactly() throws {
        let message = try IngestDecoder.decode(
            IngestEncoder.json(stream: "s", seq: 0, batch: batch, integerLabels: false), stream: stream)
        #expect(message.batch == batch)
        #expect(message.form == .json)
    }

    @Test func float32AndIntegerLabels() throws {
        let binary = try StreamSpec(name: "c", features: 3, task: .binary)
        let labelled = try Batch(x: batch.x, y: [1, 0], features: 3)
        let frames = IngestEncoder.binary(stream: "c", seq: 1, batch: labelled, integerLabels: true, precision: .f4)
        let message = try IngestDecoder.decode(frames, stream: binary)
        #expect(message.batch.y == [1, 0])
        #expect(message.batch.x == batch.x.map { Double(Float($0)) })
    }

    @Test func unlabelledBatchesHaveNoYFrame() throws {
        let frames = IngestEncoder.binary(
            stream: "s", seq: 3, batch: try Batch(x: batch.x, features: 3), integerLabels: false)
        #expect(frames.count == 3)
        #expect(try IngestDecoder.decode(frames, stream: stream).batch.y == nil)
    }
}
