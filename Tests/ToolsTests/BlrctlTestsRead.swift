import Decode
import Foundation
import Inference
import Persist
import Testing

/// `snapshots`, `show`, `diff`, `models`: read commands against a database the test wrote.
@Suite("blrctl read commands")
struct BlrctlReadTests {
    @Test func snapshotsListsEveryVersion() throws {
        let state = try BlrctlState()
        try state.save("reg-full", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 3))
        try state.save(
            "reg-diag", stream: "other", versions: BlrctlModels.learn(BlrctlModels.diagonalIVON(), versions: 2))

        let all = try state.blrctl("snapshots", "--json")
        #expect(all.status == 0, "\(all)")
        let rows = try #require(all.json()["snapshots"]?.arrayValue)
        #expect(
            rows.map { $0["model"]?.stringValue ?? "" } == ["reg-diag", "reg-diag", "reg-full", "reg-full", "reg-full"])

        let one = try state.blrctl("snapshots", "--model", "reg-full", "--json")
        let versions = try #require(one.json()["snapshots"]?.arrayValue)
        #expect(versions.map { $0["version"]?.exactUInt64 } == [1, 2, 3])
        #expect(versions.map { $0["seq"]?.exactUInt64 } == [100, 200, 300])
        #expect(
            versions.allSatisfy {
                $0["rule"]?.stringValue == "conjugate" && $0["family"]?.stringValue == "gaussian-full"
            })
        #expect(versions[0]["metrics"]?["rmse"]?.doubleValue == 0.5)

        let table = try state.blrctl("snapshots")
        #expect(table.status == 0)
        #expect(
            table.stdout.contains("VERSION") && table.stdout.contains("reg-full") && table.stdout.contains("rmse 0.5"))

        let unknown = try state.blrctl("snapshots", "--model", "nope")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no model named 'nope'") && unknown.stderr.contains("reg-full"))
        #expect(!unknown.stderr.contains("Fatal error"))
    }

    @Test(arguments: [BlrctlModels.fullConjugate(), BlrctlModels.diagonalIVON()])
    func showReportsDimensionAndKLFromThePrior(spec: ModelSpec) throws {
        let state = try BlrctlState()
        let models = try state.save("m", versions: BlrctlModels.learn(spec, versions: 2))

        for (ref, model) in [("m", models[1]), ("m@1", models[0])] {
            let result = try state.blrctl("show", ref, "--json")
            #expect(result.status == 0, "\(result)")
            let json = try result.json()
            #expect(json["dimension"]?.exactUInt64 == 4)
            #expect(json["version"]?.exactUInt64 == (ref == "m" ? 2 : 1))
            let expected = BlrctlReference.kl(model.posterior, model.basePrior)
            let reported = try #require(json["kl_prior"]?.doubleValue)
            #expect(BlrctlReference.close(reported, expected), "KL \(reported) vs closed form \(expected)")
            #expect(json["entropy"]?.doubleValue == model.posterior.entropy)
            #expect(json["family"]?.stringValue == model.posterior.family)
            #expect(json["layout"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" } == ["weight", "bias"])
            let top = try #require(json["mean"]?["largest"]?.arrayValue?.first)
            let mean = model.posterior.mean
            let largest = mean.indices.max { abs(mean[$0]) < abs(mean[$1]) }!
            #expect(top["index"]?.exactUInt64 == UInt64(largest))
            #expect(top["name"]?.stringValue == (largest == 3 ? "bias[0]" : "weight[0,\(largest)]"))
        }

        let text = try state.blrctl("show", "m")
        #expect(text.status == 0)
        #expect(text.stdout.contains("KL(q‖prior)") && text.stdout.contains("largest |mean|"))

        let missing = try state.blrctl("show", "m@9")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no snapshot version 9") && missing.stderr.contains("1-2"))

        let malformed = try state.blrctl("show", "m@x")
        #expect(malformed.status != 0)
    }

    @Test(arguments: [BlrctlModels.fullConjugate(), BlrctlModels.diagonalIVON()])
    func diffMatchesTheClosedForms(spec: ModelSpec) throws {
        let state = try BlrctlState()
        let models = try state.save("m", versions: BlrctlModels.learn(spec, versions: 3))

        let same = try state.blrctl("diff", "m@2", "m@2", "--json").json()
        #expect(same["kl_forward"]?.doubleValue == 0)
        #expect(same["kl_reverse"]?.doubleValue == 0)

        let result = try state.blrctl("diff", "m@1", "m@3", "--json")
        #expect(result.status == 0, "\(result)")
        let json = try result.json()
        let forward = BlrctlReference.kl(models[0].posterior, models[2].posterior)
        let reverse = BlrctlReference.kl(models[2].posterior, models[0].posterior)
        #expect(forward > 0 && reverse > 0)
        #expect(BlrctlReference.close(try #require(json["kl_forward"]?.doubleValue), forward))
        #expect(BlrctlReference.close(try #require(json["kl_reverse"]?.doubleValue), reverse))

        let moved = try #require(json["moved"]?.arrayValue)
        #expect(moved.count == 4)
        let m1 = models[0].posterior.mean
        let m2 = models[2].posterior.mean
        let sd = models[0].posterior.variance.map { $0.squareRoot() }
        let shifts = moved.compactMap { $0["shift_sd"]?.doubleValue }
        #expect(shifts == shifts.sorted(by: >))
        for entry in moved {
            let i = Int(try #require(entry["index"]?.exactUInt64))
            #expect(BlrctlReference.close(try #require(entry["shift_sd"]?.doubleValue), abs(m2[i] - m1[i]) / sd[i]))
        }

        let text = try state.blrctl("diff", "m@1", "m@3")
        #expect(text.stdout.contains("KL(from‖to)") && text.stdout.contains("moved most"))
    }

    @Test func diffBetweenAFullAndADiagonalPosterior() throws {
        let state = try BlrctlState()
        let full = try state.save("full", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 1))[0]
        let diagonal = try state.save("diag", versions: BlrctlModels.learn(BlrctlModels.diagonalIVON(), versions: 1))[0]
        let json = try state.blrctl("diff", "full@1", "diag@1", "--json").json()
        #expect(
            BlrctlReference.close(
                try #require(json["kl_forward"]?.doubleValue), BlrctlReference.kl(full.posterior, diagonal.posterior)))
        #expect(
            BlrctlReference.close(
                try #require(json["kl_reverse"]?.doubleValue), BlrctlReference.kl(diagonal.posterior, full.posterior)))
    }

    @Test func modelsListsRegisteredModels() throws {
        let state = try BlrctlState()
        try state.save("reg-full", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 2))
        let json = try state.blrctl("models", "--json").json()
        let model = try #require(json["models"]?.arrayValue?.first)
        #expect(model["name"]?.stringValue == "reg-full")
        #expect(model["snapshots"]?.exactUInt64 == 2)
        #expect(model["newest_version"]?.exactUInt64 == 2)
        #expect(model["fingerprint"]?.stringValue == BlrctlModels.fullConjugate().shapeFingerprint)
        #expect(json["streams"]?.arrayValue?.first?["seq"]?.exactUInt64 == 200)
        let text = try state.blrctl("models")
        #expect(text.status == 0 && text.stdout.contains("reg-full"))
    }

    @Test func anMLPNamesItsLayersAndPredictsClasses() throws {
        let state = try BlrctlState()
        let model = try state.save("mlp", versions: BlrctlModels.learn(BlrctlModels.multiclassMLP(), versions: 1))[0]
        let json = try state.blrctl("show", "mlp", "--json", "--top", "40").json()
        // 3 inputs → 4 hidden → 3 classes: 4·3 + 4 + 3·4 + 3 parameters.
        #expect(json["dimension"]?.exactUInt64 == 31)
        #expect(
            json["layout"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" } == [
                "layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias",
            ])
        let names = Set((json["mean"]?["largest"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        #expect(names.count == 31)
        #expect(
            names.contains("layer0.weight[3,2]") && names.contains("layer0.bias[3]")
                && names.contains("layer1.weight[2,3]"))
        #expect(
            BlrctlReference.close(
                try #require(json["kl_prior"]?.doubleValue), BlrctlReference.kl(model.posterior, model.basePrior)))

        let file = state.directory.appendingPathComponent("rows.csv")
        try "x0,x1,x2\n0.5,-1,2\n-1.5,0.25,0\n".write(to: file, atomically: true, encoding: .utf8)
        let predicted = try state.blrctl("predict", "mlp", "--csv", file.path, "--json").json()
        guard case .probabilities(let p, 3) = try model.predict([0.5, -1, 2, -1.5, 0.25, 0]) else {
            Issue.record("not 3 classes")
            return
        }
        #expect(predicted["p"]?.arrayValue?.flatMap { $0.doubles ?? [] } == p)
        let table = try state.blrctl("predict", "mlp", "--csv", file.path)
        #expect(table.stdout.contains("P(2)") && table.stdout.contains("CLASS"))
    }

    @Test func anUnreadableNewestSnapshotIsSkippedWithAWarning() throws {
        let state = try BlrctlState()
        try state.save("m", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 1))
        try state.store.saveSnapshot(
            NewSnapshot(
                model: "m", version: 2, seq: 300, rule: "conjugate", family: "gaussian-full",
                state: Array("BLRP not really".utf8), reason: .periodic))
        let newest = try state.blrctl("show", "m", "--json")
        #expect(newest.status == 0, "\(newest)")
        #expect(try newest.json()["version"]?.exactUInt64 == 1)
        #expect(newest.stderr.contains("warning: snapshot m@2 skipped"))
        let named = try state.blrctl("show", "m@2")
        #expect(named.status == 1)
        #expect(named.stderr.contains("snapshot m@2 cannot be read"))
    }

    @Test func aMissingDatabaseIsAClearError() throws {
        let directory = FileManager.default.temporaryDirectory
        let result = try BlrctlProcess.run(["--db", "/nonexistent/blrd.sqlite", "snapshots"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no state database at /nonexistent/blrd.sqlite"))
    }
}
