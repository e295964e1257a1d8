import Foundation
import Inference
import Testing
@testable import Daemon

/// Configuration: defaults, and refusals that name the file, line and key.
@Suite struct ConfigTests {
    static let minimal = """
        [[stream]]
        name = "sea"
        connect = "tcp://127.0.0.1:5555"
        features = 3
        task = "binary"

        [[model]]
        name = "sea-logistic"
        stream = "sea"

        """

    @Test func defaultsFillWhatIsMissing() throws {
        let config = try ConfigParser.parse(Self.minimal, file: "blrd.toml")
        #expect(config.daemon.state == "var/blrd.sqlite")
        #expect(config.daemon.publish == "tcp://127.0.0.1:5556")
        #expect(config.daemon.control == "tcp://127.0.0.1:5557")
        let model = try #require(config.models.first)
        // Only a name and a stream: the calibrated model average, adaptive forgetting.
        #expect(model.rule == "auto")
        #expect(model.learner == (try Learner.automatic(features: 3, likelihood: .bernoulli)))
        #expect(model.learner.members.map(\.name) == ["linear", "linear-fast", "rff-short", "rff-long"])
        #expect(model.learner.members.allSatisfy { $0.model.spec.likelihood == .bernoulli && $0.calibrator != nil })
        #expect(model.learner.drift.acts)
        #expect(model.snapshotEvery == 100)
        #expect(model.forgetting == .adaptive)
    }

    @Test func aRegressionDefaultLearnsItsNoise() throws {
        let text = Self.minimal.replacingOccurrences(of: "task = \"binary\"", with: "task = \"regression\"")
        let model = try #require(try ConfigParser.parse(text, file: "blrd.toml").models.first)
        #expect(model.rule == "auto")
        #expect(
            model.learner.members.allSatisfy { $0.model.spec.noise == NoisePrior() && $0.model.spec.rule == .conjugate }
        )
        let fixed = try #require(
            try ConfigParser.parse(text + "noise_variance = 0.25\n", file: "blrd.toml").models.first)
        #expect(fixed.learner.members.allSatisfy { $0.model.spec.noise == nil })
    }

    /// A configuration that tunes a rule without naming it (written before `auto`) keeps meaning that rule.
    @Test func tuningKeysWithoutARuleKeepTheSingleRule() throws {
        let model = try #require(
            try ConfigParser.parse(Self.minimal + "prior_precision = 2\n", file: "blrd.toml").models.first)
        #expect(model.rule == "laplace" && model.learner.members.count == 1)
        #expect(model.learner.members[0].model.spec.priorPrecision == 2)
    }

    @Test func namingARuleGivesOneMember() throws {
        let text = Self.minimal + "rule = \"laplace\"\nforgetting = \"none\"\n"
        let model = try #require(try ConfigParser.parse(text, file: "blrd.toml").models.first)
        let spec = try #require(model.learner.members.first?.model.spec)
        #expect(model.learner.members.count == 1 && model.rule == "laplace")
        #expect(spec.likelihood == .bernoulli && spec.posterior == .full && spec.standardize)
        #expect(!model.learner.drift.acts && model.learner.members[0].forgetting == .none)
    }

    @Test func theContractExampleParses() throws {
        let text = """
            [daemon]
            state   = "var/blrd.sqlite"
            publish = "tcp://127.0.0.1:5556"
            control = "tcp://127.0.0.1:5557"

            [[stream]]
            name     = "sea"
            connect  = "tcp://127.0.0.1:5555"
            features = 3
            task     = "binary"
            classes  = 2

            [[model]]
            name       = "sea-logistic"
            stream     = "sea"
            likelihood = "bernoulli"
            network    = "linear"
            bias       = true
            posterior  = "diagonal"
            rule       = "ivon"
            prior_precision = 1.0
            forgetting      = "adaptive"
            snapshot_every  = 100
            learning_rate = 0.5
            ess = 64
            beta1 = 0.9
            beta2 = 0.999
            hess_init = 0.5
            mc_samples = 8
            clip_radius = 3
            seed = 11
            """
        let model = try #require(try ConfigParser.parse(text, file: "c.toml").models.first)
        #expect(model.forgetting == .adaptive)
        let hp = try #require(model.learner.members.first).model.spec.hyperparameters
        #expect(hp.learningRate == 0.5 && hp.ess == 64 && hp.beta1 == 0.9 && hp.beta2 == 0.999)
        #expect(hp.hessInit == 0.5 && hp.mcSamples == 8 && hp.clipRadius == 3 && hp.seed == 11)
    }

    /// (the TOML, the line, the key, a word of the message)
    @Test(arguments: [
        (minimal + "colour = \"red\"\n", 10, "model[0].colour", "unknown key"),
        (
            minimal.replacingOccurrences(of: "features = 3", with: "features = \"three\""), 4, "stream[0].features",
            "integer"
        ),
        (
            minimal.replacingOccurrences(of: "task = \"binary\"", with: "task = \"ranking\""), 5, "stream[0].task",
            "one of"
        ),
        (minimal + "rule = \"ivon\"\nposterior = \"full\"\n", 10, "model[0].rule", "diagonal"),
        (minimal + "likelihood = \"gaussian\"\n", 10, "model[0].likelihood", "binary"),
        (minimal + "forgetting = 1.5\n", 10, "model[0].forgetting", "(0, 1]"),
        (minimal + "rule = \"auto\"\nlearning_rate = 0.5\n", 11, "model[0].learning_rate", "single rule"),
        (minimal + "noise_shape = 2\n", 10, "model[0].noise_shape", "learned noise"),
        (minimal + "rule = \"laplace\"\nwidth = 10\n", 11, "model[0].width", "rff"),
        (minimal.replacingOccurrences(of: "stream = \"sea\"", with: "stream = \"lake\""), 9, "model[0].stream", "lake"),
        (
            minimal.replacingOccurrences(
                of: "connect = \"tcp://127.0.0.1:5555\"", with: "connect = \"localhost:5555\""), 3, "stream[0].connect",
            "endpoint"
        ),
        ("[daemon]\nstate = \"x\"\npublish = 5\n" + minimal, 3, "daemon.publish", "string"),
        (minimal + "sensitivity_threshold = 10\n", 10, "model[0].sensitivity_threshold", "sensitivity_rate"),
        (minimal + "sensitivity_rate = 1.5\n", 10, "model[0].sensitivity_rate", "[0, 1)"),
        (minimal + "sensitivity_rate = 0\nquarantine = true\n", 11, "model[0].quarantine", "sensitivity_rate > 0"),
    ])
    func refusalsNameFileLineAndKey(text: String, line: Int, key: String, word: String) {
        #expect {
            _ = try ConfigParser.parse(text, file: "blrd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "blrd.toml" && error.line == line && error.key == key
                && error.description.contains(word)
        }
    }

    @Test func aSyntaxErrorGivesTheParsersLine() {
        #expect {
            _ = try ConfigParser.parse("[daemon]\nstate = \n", file: "bad.toml")
        } throws: { error in
            (error as? ConfigError)?.line == 2
        }
    }

    @Test func theShippedConfigParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/blrd.toml")
        let config = try ConfigParser.load(path: url.path)
        #expect(config.streams.count == 2 && config.models.count == 4)
    }

    @Test func everySampleStreamConfigParses() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("streams/configs")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }
        #expect(files.count == 6)
        for file in files {
            let config = try ConfigParser.load(path: folder.appendingPathComponent(file).path)
            #expect(config.models.count == 3, "\(file)")
        }
    }
}
