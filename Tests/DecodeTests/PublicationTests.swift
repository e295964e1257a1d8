import Decode
import Inference
import Testing

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
            OutboundEncoder.inputAlert(stream: "s", seq: 7, reason: "bad", code: "bad_json", pubseq: pubseq, instance: instance)
        }
        #expect(Publication(instance: "i", build).frames(pubseq: 42) == build(42, "i"))
    }
}
