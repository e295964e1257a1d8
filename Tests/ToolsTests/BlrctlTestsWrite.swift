import Decode
import Foundation
import Inference
import Persist
import Testing

/// `prune`, `predict` and `alerts`.
@Suite("blrctl prune, predict, alerts")
struct BlrctlWriteTests {
    /// An endpoint on a free loopback port that nobody listens on.
    static let silentEndpoint = BlrctlControl.freeEndpoint()

    @Test func pruneKeepsTheNewest() throws {
        let state = try BlrctlState()
        try state.save("a", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 4))
        try state.save("b", versions: BlrctlModels.learn(BlrctlModels.diagonalIVON(), versions: 3))

        let onlyA = try state.blrctl("prune", "--keep", "2", "--model", "a")
        #expect(onlyA.status == 0, "\(onlyA)")
        #expect(onlyA.stdout.contains("removed 2 snapshots"))
        #expect(try state.store.snapshots(model: "a").map(\.version) == [3, 4])
        #expect(try state.store.snapshots(model: "b").count == 3)

        let result = try state.blrctl("prune", "--keep", "1", "--json")
        #expect(result.status == 0, "\(result)")
        #expect(try result.json()["removed"]?.exactUInt64 == 3)
        #expect(try state.store.snapshots(model: "a").map(\.version) == [4])
        #expect(try state.store.snapshots(model: "b").map(\.version) == [3])

        #expect(try state.blrctl("prune", "--keep", "0").status != 0)
        #expect(try state.blrctl("prune", "--all").status != 0)
    }

    @Test func pruneAllDeletesTheModel() throws {
        let state = try BlrctlState()
        try state.save("a", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 3))
        try state.save("b", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 1))
        let result = try state.blrctl(
            arguments: ["--control", Self.silentEndpoint, "prune", "--model", "a", "--all"], timeout: 30)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("deleted model a and its 3 snapshots"))
        #expect(try state.store.models().map(\.name) == ["b"])
        #expect(try state.store.snapshots(model: "a").isEmpty)
        let gone = try state.blrctl("snapshots", "--model", "a")
        #expect(gone.status == 1 && gone.stderr.contains("no model named 'a'"))
    }

    @Test(arguments: [BlrctlModels.fullConjugate(), BlrctlModels.diagonalIVON()])
    func predictEqualsModelPredict(spec: ModelSpec) throws {
        let state = try BlrctlState()
        let model = try state.save("m", versions: BlrctlModels.learn(spec, versions: 2))[1]
        var rng = SplitMix(seed: 99)
        let (x, y) = BlrctlModels.rows(7, rng: &rng)
        var csv = "a,b,y,c\n"
        for i in 0..<7 { csv += "\(x[3 * i]),\(x[3 * i + 1]),\(y[i]),\(x[3 * i + 2])\n" }
        let file = state.directory.appendingPathComponent("rows.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)

        let result = try state.blrctl("predict", "m", "--csv", file.path, "--label", "y", "--json")
        #expect(result.status == 0, "\(result)")
        let json = try result.json()
        guard case .gaussian(let mean, let variance, _) = try model.predict(x) else {
            Issue.record("not gaussian"); return
        }
        #expect(json["kind"]?.stringValue == "gaussian")
        #expect(json["version"]?.exactUInt64 == 2)
        #expect(json["mean"]?.doubles == mean)
        #expect(json["variance"]?.doubles == variance)
        let rmse = (zip(mean, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 7).squareRoot()
        #expect(BlrctlReference.close(try #require(json["metrics"]?["rmse"]?.doubleValue), rmse, relative: 1e-12))

        let table = try state.blrctl("predict", "m@1", "--csv", file.path, "--label", "y")
        #expect(table.status == 0 && table.stdout.contains("MEAN") && table.stdout.contains("rmse"))

        let unlabelled = try state.blrctl("predict", "m", "--csv", file.path)
        #expect(unlabelled.status == 1)
        #expect(unlabelled.stderr.contains("4 feature columns") && unlabelled.stderr.contains("--label"))
    }

    @Test func predictBinaryGivesProbabilities() throws {
        let state = try BlrctlState()
        let model = try state.save("clf", versions: BlrctlModels.learn(BlrctlModels.fullLogistic(), versions: 1))[0]
        let file = state.directory.appendingPathComponent("rows.csv")
        try "x0,x1,x2\n0.5,-1,2\n-1.5,0.25,0\n".write(to: file, atomically: true, encoding: .utf8)
        let json = try state.blrctl("predict", "clf", "--csv", file.path, "--json").json()
        guard case .probabilities(let p, let k) = try model.predict([0.5, -1, 2, -1.5, 0.25, 0]) else {
            Issue.record("not probabilities")
            return
        }
        #expect(k == 2 && json["classes"]?.exactUInt64 == 2)
        #expect(json["p"]?.arrayValue?.flatMap { $0.doubles ?? [] } == p)
        let table = try state.blrctl("predict", "clf", "--csv", file.path)
        #expect(table.stdout.contains("P(Y=1)"))
    }

    @Test func alertsFilterByKindSubjectAndTime() throws {
        let state = try BlrctlState()
        try state.save("m", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 1))
        try state.store.recordAlert(
            kind: .drift, subject: "m", seq: 10, version: 1,
            payloadJSON: #"{"action":"forgetting α=0.5","detector":"surprise-cusum","statistic":12.5,"threshold":10}"#)
        try state.store.recordAlert(kind: .input, subject: "sea", seq: 11, payloadJSON: #"{"reason":"bad dtype"}"#)
        try state.store.recordAlert(kind: .gap, subject: "sea", seq: 20, payloadJSON: #"{"from":12,"to":20}"#)
        try state.store.recordAlert(kind: .drift, subject: "m", seq: 30, version: 2, payloadJSON: #"{"statistic":11}"#)

        func kinds(_ arguments: String...) throws -> [String] {
            let result = try state.blrctl(arguments: ["alerts"] + arguments + ["--json"])
            #expect(result.status == 0, "\(result)")
            return try #require(result.json()["alerts"]?.arrayValue).map { $0["kind"]?.stringValue ?? "" }
        }
        #expect(try kinds() == ["drift", "input", "gap", "drift"])
        #expect(try kinds("--kind", "drift") == ["drift", "drift"])
        #expect(try kinds("--kind", "gap") == ["gap"])
        #expect(try kinds("--stream", "sea") == ["input", "gap"])
        #expect(try kinds("--model", "m", "--limit", "1") == ["drift"])
        #expect(try kinds("--model", "m", "--stream", "sea") == ["drift", "input", "gap", "drift"])
        #expect(try kinds("--since", "1h") == ["drift", "input", "gap", "drift"])
        #expect(try kinds("--since", "2999-01-01T00:00:00Z").isEmpty)
        let first = try state.blrctl("alerts", "--kind", "drift", "--limit", "2", "--json").json()["alerts"]?
            .arrayValue?.first
        #expect(first?["payload"]?["statistic"]?.doubleValue == 12.5)

        let table = try state.blrctl("alerts", "--kind", "drift")
        #expect(table.stdout.contains("statistic 12.5 > 10, forgetting α=0.5"))
        #expect(try state.blrctl("alerts", "--kind", "bogus").status != 0)
        #expect(try state.blrctl("alerts", "--since", "yesterday").status != 0)
    }
}
