import Decode
import Foundation
import Inference
import Persist
import Testing
import Vocabulary

/// Control `whatif` through a real blrd: remembered examples with ids, the conjugate closed form, `apply`, and
/// the memory across a restart.
@Suite(.serialized) struct WhatIfTests {
    static let models = """
        [[model]]
        name = "lin"
        stream = "s"
        likelihood = "gaussian"
        rule = "conjugate"
        noise_variance = 0.25
        forgetting = "none"
        calibrate = false
        snapshot_every = 2
        whatif_memory = 10000

        """
    static let d = 2

    static func data(_ seq: UInt64) -> (x: [Double], y: [Double]) {
        let data = Reference.linearGaussian(n: 10, d: d, noise: 0.25, seed: 100 + seq)
        return (data.x.map { 3 + 2 * $0 }, data.y)
    }

    /// Example ids: "e<seq>-<row>", and plain integers for seq 3.
    static func ids(_ seq: UInt64) -> [ExampleID] {
        (0..<10).map { seq == 3 ? .int(Int64(300 + $0)) : .string("e\(seq)-\($0)") }
    }

    /// The same model fitted here on every batch without the rows `removed` (seq → rows).
    static func refit(batches: Int, without removed: [UInt64: Set<Int>]) throws -> Model {
        var model = try Model(
            spec: ModelSpec(features: d, likelihood: .gaussian(noiseVariance: 0.25), rule: .conjugate))
        for seq in 0..<UInt64(batches) {
            let (x, y) = data(seq)
            let kept = (0..<10).filter { !(removed[seq]?.contains($0) ?? false) }
            try model.update(
                with: try Batch(
                    x: kept.flatMap { Array(x[($0 * d)..<(($0 + 1) * d)]) }, y: kept.map { y[$0] }, features: d))
        }
        return model
    }

    static func numbers(_ v: JSONValue?) -> [Double] { (v?.arrayValue ?? []).compactMap(\.doubleValue) }

    @Test func removingIdsMatchesTheClosedFormAppliesAndSurvivesARestart() throws {
        let h = try DaemonHarness(streams: [("s", Self.d, "regression")], models: Self.models)
        try h.start()
        try h.synchronize()
        for seq: UInt64 in 0..<5 {
            let (x, y) = Self.data(seq)
            try h.send(
                "s",
                IngestEncoder.binary(
                    stream: "s", seq: seq, batch: try Batch(x: x, y: y, features: Self.d), integerLabels: false,
                    ids: Self.ids(seq)))
        }
        _ = try h.receive { $0.topic == "model/lin" && $0.header["seq"]?.exactUInt64 == 4 }
        let probe: [[Double]] = [[3, 3], [0, 6], [5, 1]]
        let request: JSONValue = [
            "op": "whatif", "model": "lin", "remove": ["ids": ["e1-3", "e2-0", 301, "nope"]],
            "x": .array(probe.map { .array($0.map { JSONValue($0) }) }),
        ]
        let answer = try h.control(request)
        #expect(answer["error"] == nil, "\(answer)")
        #expect(answer["method"]?.stringValue == "exact")
        #expect(answer["removed"]?.exactUInt64 == 3)
        #expect(answer["remembered"]?.exactUInt64 == 50)
        #expect(answer["missing_ids"] == ["nope"])
        #expect(answer["applied"] == .bool(false))
        #expect((answer["kl_new_old"]?.doubleValue ?? 0) > 0 && (answer["kl_old_new"]?.doubleValue ?? 0) > 0)
        #expect(answer["moved"]?.arrayValue?.isEmpty == false)

        // The closed form: a refit on every batch without those three rows predicts what the daemon answers.
        let refit = try Self.refit(batches: 5, without: [1: [3], 2: [0], 3: [1]])
        guard case .gaussian(let mean, let variance, _) = try refit.predict(probe.flatMap { $0 }) else {
            throw CtlFailure()
        }
        let after = answer["after"]
        #expect(DenseReferenceCheck.relativeError(Self.numbers(after?["mean"]), mean) < 1e-9)
        #expect(DenseReferenceCheck.relativeError(Self.numbers(after?["variance"]), variance) < 1e-9)
        #expect(
            Self.numbers(answer["before"]?["mean"])
                == Self.numbers(try h.control(["op": "predict", "model": "lin", "x": request["x"]!])["mean"]))

        // apply: a new version that predicts the answer's "after", recorded with reason whatif.
        var applying = request.objectValue ?? [:]
        applying["apply"] = true
        let applied = try h.control(.object(applying))
        #expect(applied["applied"] == .bool(true))
        let version = applied["version"]?.exactUInt64 ?? 0
        #expect(version == (answer["version"]?.exactUInt64 ?? 0) + 1)
        #expect(applied["remembered"]?.exactUInt64 == 47)
        let now = try h.control(["op": "predict", "model": "lin", "x": request["x"]!])
        #expect(Self.numbers(now["mean"]) == Self.numbers(after?["mean"]))
        #expect(now["version"]?.exactUInt64 == version)
        // The removed ids are gone from the memory.
        #expect(
            try h.control(["op": "whatif", "model": "lin", "remove": ["ids": ["e1-3"]]])["removed"]?.exactUInt64 == 0)
        let since = try h.control(["op": "whatif", "model": "lin", "remove": ["since_seq": 3]])
        #expect(since["removed"]?.exactUInt64 == 19)
        #expect(try h.terminate() == 0)

        // A restart keeps the remembered examples: the same answer.
        try h.start()
        try h.synchronize()
        let again = try h.control(["op": "whatif", "model": "lin", "remove": ["since_seq": 3]])
        #expect(again["remembered"]?.exactUInt64 == 47)
        #expect(again["removed"] == since["removed"] && again["kl_new_old"] == since["kl_new_old"])
        #expect(
            try h.control(["op": "whatif", "model": "lin", "remove": ["class": 1]])["method"]?.stringValue == "exact")
        #expect(try h.control(["op": "whatif", "model": "lin", "remove": ["colour": 1]])["error"] != nil)
        #expect(try h.terminate() == 0)
        let store = try StateStore(readOnlyPath: h.statePath)
        #expect(try store.snapshots(model: "lin").contains { $0.reason == .whatif && $0.version == Int(version) })
    }
}

struct CtlFailure: Error {}

enum DenseReferenceCheck {
    /// max |a − b| / max(|b|, 1).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        return zip(a, b).map { abs($0 - $1) / max(abs($1), 1) }.max()!
    }
}
