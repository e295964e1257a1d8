import Decode
import Inference
import Testing
import Vocabulary

/// `Publication` (issue 9): a message encoded ahead of its pubseq stamps to exactly the bytes the builder writes.
@Suite struct PublicationTests {
    @Test(arguments: [UInt64(1), 9, 10, 4_294_967_296, UInt64.max - 1])
    func stampingEqualsBuildingWithThatPubseq(pubseq: UInt64) throws {
        let predictive = Predictive.probabilities([0.25, 0.75], classes: 2)
        let build = { (pubseq: UInt64, instance: String) in
            OutboundEncoder.prediction(
                model: "m", stream: "s", seq: UInt64.max, version: 3, predictive: predictive,
                ids: [.string("\"pubseq\":1")], pubseq: pubseq, instance: instance)
        }
        let publication = Publication(instance: "abc", build)
        #expect(publication.frames(pubseq: pubseq) == build(pubseq, "abc"))
    }

    @Test func alertsStampToo() {
        let build = { (pubseq: UInt64, instance: String) in
            OutboundEncoder.inputAlert(
                stream: "s", seq: 7, reason: "bad", code: "bad_json", pubseq: pubseq, instance: instance)
        }
        #expect(Publication(instance: "i", build).frames(pubseq: 42) == build(42, "i"))
    }
}

/// The direct `pred/` encoder writes exactly what the dictionary one writes.
@Suite struct PredictionPublicationTests {
    static let cases: [(Predictive, [ExampleID]?)] = [
        (.probabilities([0.25, 0.75, 0.5, 0.5], classes: 2), nil),
        (.probabilities([0.2, 0.3, 0.5], classes: 3), [.int(-4)]),
        (.gaussian(mean: [1.5, -2], variance: [0.5, 1e-300], dof: 7.25), [.string("a\"b"), .int(3)]),
        (.gaussian(mean: [0], variance: [1], dof: nil), nil),
        (.poisson(rate: [3], variance: [4]), [.string("é\n")]),
    ]

    @Test(arguments: 0..<5)
    func equalsTheDictionaryEncoder(index: Int) {
        let (predictive, ids) = Self.cases[index]
        for (seq, epoch, pubseq) in [(UInt64(0), UInt64(0), UInt64(1)), (UInt64.max, 7, 123_456_789)] {
            let direct = OutboundEncoder.predictionPublication(
                model: "m/ü", stream: "s", seq: seq, epoch: epoch, version: 12, predictive: predictive, ids: ids,
                instance: "0af3"
            ).frames(pubseq: pubseq)
            let viaDictionary = OutboundEncoder.prediction(
                model: "m/ü", stream: "s", seq: seq, epoch: epoch, version: 12, predictive: predictive, ids: ids,
                pubseq: pubseq, instance: "0af3")
            #expect(direct == viaDictionary, "\(String(decoding: direct[1], as: UTF8.self))")
        }
    }
}
