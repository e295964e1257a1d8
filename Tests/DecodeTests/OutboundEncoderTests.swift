import Decode
import Foundation
import Inference
import Testing

/// A published message read back the way a subscriber would: JSONSerialization for the header, raw `<f8`.
struct Published {
    let topic: String
    let header: [String: Any]
    let arrays: [[Double]]

    init(_ frames: [[UInt8]]) throws {
        topic = String(decoding: frames[0], as: UTF8.self)
        header = try #require(try JSONSerialization.jsonObject(with: Data(frames[1])) as? [String: Any])
        arrays = try frames.dropFirst(2).map { frame in
            try #require(frame.count % 8 == 0)
            return frame.withUnsafeBytes { raw in
                (0..<(frame.count / 8)).map {
                    Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))
                }
            }
        }
    }

    func int(_ key: String) -> Int64? { (header[key] as? NSNumber)?.int64Value }
    func string(_ key: String) -> String? { header[key] as? String }
}

@Suite("Published messages (docs/PROTOCOL.md §2)")
struct OutboundEncoderTests {
    @Test("pred/ gaussian: header fields and mean, variance frames")
    func gaussianPrediction() throws {
        let predictive = Predictive.gaussian(mean: [0.1, -2, 3e10], variance: [1, 0.25, 1e-9])
        let frames = OutboundEncoder.prediction(
            model: "m", stream: "s", seq: 42, epoch: 1, version: 7, predictive: predictive,
            ids: [.int(1), .string("b"), .int(3)], pubseq: 5, instance: "abc")
        let p = try Published(frames)
        #expect(p.topic == "pred/m")
        #expect(p.string("model") == "m" && p.string("stream") == "s" && p.string("kind") == "gaussian")
        #expect(p.int("seq") == 42 && p.int("epoch") == 1 && p.int("version") == 7 && p.int("n") == 3)
        #expect(p.int("pubseq") == 5 && p.string("instance") == "abc")
        #expect(p.header["classes"] == nil)
        #expect((p.header["ids"] as? [Any])?.count == 3)
        #expect(p.arrays == [[0.1, -2, 3e10], [1, 0.25, 1e-9]])
    }

    @Test("pred/ poisson: rate and variance frames")
    func poissonPrediction() throws {
        let frames = OutboundEncoder.prediction(
            model: "c", stream: "s", seq: 1, version: 0, predictive: .poisson(rate: [2, 3], variance: [4, 5]),
            pubseq: 1, instance: "i")
        let p = try Published(frames)
        #expect(p.string("kind") == "poisson" && p.int("n") == 2)
        #expect(p.arrays == [[2, 3], [4, 5]])
    }

    @Test("pred/ probs of a binary model: K = 2, column 1 = P(y = 1)")
    func binaryProbabilities() throws {
        // Learn from a decoded batch in which y = 1 exactly when x₀ > 0.
        let n = 400
        var g = SplitMix64(state: 17)
        let x = (0..<(2 * n)).map { _ in g.uniform(scale: 2) }
        let y = (0..<n).map { x[2 * $0] > 0 ? 1.0 : 0.0 }
        let message = try IngestDecoder.decode(
            Fixtures.binary(topic: "s", x: x, d: 2, xType: .f4, y: y), stream: Fixtures.stream("s", features: 2))
        var model = try Model(spec: ModelSpec(features: 2, likelihood: .bernoulli))
        try model.update(with: message.batch)
        let predictive = try model.predict([3, 0, -3, 0])
        let frames = OutboundEncoder.prediction(
            model: "logit", stream: "s", seq: message.seq, version: 1, predictive: predictive, pubseq: 2,
            instance: "i")
        let p = try Published(frames)
        #expect(p.string("kind") == "probs" && p.int("classes") == 2 && p.int("n") == 2)
        let probs = try #require(p.arrays.first)
        #expect(probs.count == 4)
        #expect(probs[1] > 0.9, "row 0 has x₀ = 3: P(y = 1) is column 1")
        #expect(probs[3] < 0.1)
        #expect(abs(probs[0] + probs[1] - 1) < 1e-12)
    }

    @Test("model/ of one member: its family, layout, mean and precision frames; metrics without nil or non-finite")
    func modelMessage() throws {
        var learner = try Learner(
            members: [
                Member(
                    name: "laplace", spec: ModelSpec(features: 2, likelihood: .bernoulli, rule: .laplace),
                    calibrated: false)
            ],
            drift: DriftResponse(acts: false))
        let batch = try Batch(x: [1, 2, -1, 0.5, 0.3, -2], y: [1, 0, 1], features: 2)
        _ = learner.learn(batch, after: try learner.predict(batch))
        let frames = OutboundEncoder.model(
            model: "m", stream: "s", version: 3, seq: 10, durableSeq: 8, rule: "laplace", learner: learner,
            metrics: ["log_loss": 0.25, "accuracy": nil, "bad": .nan], pubseq: 9, instance: "i")
        let p = try Published(frames)
        #expect(p.topic == "model/m")
        #expect(p.string("family") == "gaussian-full" && p.string("rule") == "laplace")
        #expect(p.int("version") == 3 && p.int("seq") == 10 && p.int("durable_seq") == 8 && p.int("pubseq") == 9)
        let blocks = try #require(p.header["layout"] as? [[String: Any]])
        #expect(blocks.map { $0["name"] as? String } == ["weight", "bias"])
        #expect(blocks.map { ($0["shape"] as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } } == [[1, 2], [1]])
        let metrics = try #require(p.header["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == ["log_loss"])
        let posterior = learner.members[0].model.posterior
        #expect(p.arrays == [posterior.mean, posterior.publishedPrecision])
        #expect(posterior.publishedPrecision.count == 9)
    }

    @Test("model/ of an average: the leader's frames, family and layout; every member in the header")
    func averageModelMessage() throws {
        var learner = try Learner.automatic(features: 2, likelihood: .bernoulli)
        let batch = try Batch(x: [1, 2, -1, 0.5, 0.3, -2, 0.1, 0.1], y: [1, 0, 1, 0], features: 2)
        for _ in 0..<3 { _ = learner.learn(batch, after: try learner.predict(batch)) }
        let p = try Published(
            OutboundEncoder.model(
                model: "m", stream: "s", version: 1, seq: 0, durableSeq: nil, rule: "auto", learner: learner,
                metrics: [:], pubseq: 1, instance: "i"))
        let leader = learner.members[learner.leader]
        #expect(p.string("family") == leader.model.posterior.family && p.string("rule") == "auto")
        #expect(p.string("member") == leader.name)
        #expect(p.header["durable_seq"] is NSNull)
        let members = try #require(p.header["members"] as? [[String: Any]])
        #expect(members.map { $0["name"] as? String } == learner.members.map(\.name))
        let weights = members.compactMap { ($0["weight"] as? NSNumber)?.doubleValue }
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
        let names = try #require(p.header["layout"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names == ["weight", "bias"])
        #expect(p.arrays == [leader.model.posterior.mean, leader.model.posterior.publishedPrecision])
        let inputs = try #require(p.header["inputs"] as? [String: Any])
        #expect((inputs["scale"] as? [Any])?.count == 2)
    }

    @Test("alerts: topics, fields, pubseq and instance")
    func alerts() throws {
        let error = DecodeError.byteLength(field: "x", expected: 48, got: 40, seq: 7)
        let input = try Published(OutboundEncoder.inputAlert(stream: "sea", error: error, pubseq: 3, instance: "i"))
        #expect(input.topic == "alert/input/sea")
        #expect(input.int("seq") == 7 && input.string("stream") == "sea" && input.string("code") == "byte_length")
        #expect(input.string("reason") == error.description && input.int("pubseq") == 3)
        let unreadable = try Published(
            OutboundEncoder.inputAlert(stream: "sea", seq: nil, reason: "bad", pubseq: 4, instance: "i"))
        #expect(unreadable.header["seq"] is NSNull)

        let gap = try Published(OutboundEncoder.gapAlert(stream: "sea", expected: 5, got: 9, pubseq: 5, instance: "i"))
        #expect(gap.topic == "alert/gap/sea" && gap.int("expected") == 5 && gap.int("got") == 9)

        let drift = try Published(
            OutboundEncoder.driftAlert(
                model: "m", seq: 3, version: 2, detector: "adwin", statistic: 0.4, threshold: 0.3,
                action: "forgetting 0.5", pubseq: 6, instance: "i"))
        #expect(drift.topic == "alert/drift/m" && drift.string("detector") == "adwin")

        let examples = [
            SensitiveExample(index: 1, id: .string("r1"), deviation: 4, error: 2, variance: 0.5, tail: 1e-6)
        ]
        let sensitivity = try Published(
            OutboundEncoder.sensitivityAlert(
                model: "m", seq: 3, version: 2, examples: examples, flagged: 3, summary: "3 of 64 examples",
                quarantined: true, pubseq: 7, instance: "i"))
        let first = try #require((sensitivity.header["examples"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "r1" && (first["index"] as? NSNumber)?.intValue == 1)
        #expect((first["tail"] as? NSNumber)?.doubleValue == 1e-6)
        #expect(sensitivity.string("summary") == "3 of 64 examples" && sensitivity.int("flagged") == 3)
        #expect(sensitivity.header["quarantined"] as? Bool == true)

        let custom = OutboundEncoder.alert(
            kind: .drift, subject: "m", fields: ["pubseq": 99, "z": 1], pubseq: 8, instance: "i")
        #expect(String(decoding: custom[1], as: UTF8.self) == #"{"instance":"i","pubseq":8,"z":1}"#)
        #expect(custom.count == 2)
    }

    @Test("headers are deterministic: equal inputs give equal bytes")
    func deterministic() {
        let make = {
            OutboundEncoder.prediction(
                model: "m", stream: "s", seq: 1, version: 1, predictive: .probabilities([0.3, 0.7], classes: 2),
                pubseq: 1, instance: "i")
        }
        #expect(make() == make())
        let expected =
            #"{"classes":2,"epoch":0,"instance":"i","kind":"probs","model":"m","n":1,"pubseq":1,"seq":1,"#
            + #""stream":"s","version":1}"#
        #expect(String(decoding: make()[1], as: UTF8.self) == expected)
    }

    @Test("control JSON: predictive fields inline and predict-request rows")
    func controlJSON() throws {
        let probs = ControlJSON.predictive(.probabilities([0.2, 0.8, 0.6, 0.4], classes: 2))
        #expect(JSONValue.object(probs).jsonText == #"{"classes":2,"kind":"probs","n":2,"p":[[0.2,0.8],[0.6,0.4]]}"#)
        let gaussian = ControlJSON.predictive(.gaussian(mean: [1], variance: [2]))
        #expect(JSONValue.object(gaussian).jsonText == #"{"kind":"gaussian","mean":[1.0],"n":1,"variance":[2.0]}"#)
        let request = try JSONValue.parse(Array(#"{"op": "predict", "model": "m", "x": [[1, 2], [3, 4.5]]}"#.utf8))
        #expect(try ControlJSON.rows(request["x"], features: 2) == [1, 2, 3, 4.5])
        #expect(throws: DecodeError.featureMismatch(expected: 3, got: 2, seq: nil)) {
            try ControlJSON.rows(request["x"], features: 3)
        }
        #expect(
            String(decoding: ControlJSON.error("unknown op \"x\""), as: UTF8.self) == #"{"error":"unknown op \"x\""}"#)
    }
}
