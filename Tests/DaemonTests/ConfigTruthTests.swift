import Foundation
import Inference
import Testing
@testable import Daemon

/// Config checks that tell the truth (issue 11): an unknown key is named as unknown with a "did you mean",
/// endpoint clashes and keys without effect are refused with the reason, and a model too large for
/// `max_model_bytes` is refused with the fix.
@Suite struct ConfigTruthTests {
    static let minimal = ConfigTests.minimal

    /// The refusal of `text`, or nil when it parses.
    static func refusal(_ text: String) -> ConfigError? {
        do {
            _ = try ConfigParser.parse(text, file: "blrd.toml")
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    /// `clases = 10` on a multiclass stream used to be reported as a missing `classes`.
    @Test func aTypoIsNamedAsUnknownWithASuggestion() throws {
        let text = Self.minimal.replacingOccurrences(
            of: "task = \"binary\"", with: "task = \"multiclass\"\nclases = 10")
        let error = try #require(Self.refusal(text))
        #expect(error.key == "stream[0].clases" && error.line == 6, "\(error)")
        #expect(error.description.contains("unknown key 'clases' (did you mean 'classes'?"), "\(error)")
    }

    /// (TOML, key path, suggestion or nil)
    @Test(
        arguments: [
            (minimal + "snapshot_evry = 5\n", "model[0].snapshot_evry", "snapshot_every"),
            (minimal + "keep-snapshots = 5\n", "model[0].keep-snapshots", "keep_snapshots"),
            (minimal + "rlue = \"laplace\"\n", "model[0].rlue", "rule"),
            ("[daemon]\nlog-level = \"info\"\n" + minimal, "daemon.log-level", "log_level"),
            ("[daemon]\nhtpp = \"9464\"\n" + minimal, "daemon.htpp", "http"),
            (minimal + "colour = \"red\"\n", "model[0].colour", nil),
            ("[deamon]\nstate = \"x\"\n" + minimal, "deamon", "daemon"),
        ] as [(String, String, String?)])
    func unknownKeysSuggestTheClosestKnownOne(text: String, key: String, suggestion: String?) throws {
        let error = try #require(Self.refusal(text))
        #expect(error.key == key, "\(error)")
        #expect(error.description.contains("unknown key"), "\(error)")
        if let suggestion {
            #expect(error.description.contains("did you mean '\(suggestion)'?"), "\(error)")
        } else {
            #expect(!error.description.contains("did you mean"), "\(error)")
        }
    }

    /// Every key the lists name reaches its parser: set to a value of the wrong type, it is never "unknown".
    @Test func everyListedKeyIsRead() {
        for key in KnownKeys.model {
            let error = Self.refusal(Self.minimal + "\(key) = [[1]]\n")
            #expect(error?.description.contains("unknown key") != true, "\(key): \(String(describing: error))")
        }
        for key in KnownKeys.daemon {
            let error = Self.refusal("[daemon]\n\(key) = [[1]]\n" + Self.minimal)
            #expect(error?.description.contains("unknown key") != true, "\(key): \(String(describing: error))")
        }
    }

    @Test func editDistanceCountsTranspositionsOnce() {
        #expect(KeySuggestion.distance("clases", "classes") == 1)
        #expect(KeySuggestion.distance("rlue", "rule") == 1)
        #expect(KeySuggestion.distance("", "abc") == 3)
        #expect(KeySuggestion.closest(to: "colour", among: KnownKeys.model) == nil)
    }

    static func streams(_ a: String, _ b: String) -> String {
        """
        [[stream]]
        name = "a"
        \(a)
        features = 2
        task = "regression"

        [[stream]]
        name = "b"
        \(b)
        features = 2
        task = "regression"

        [[model]]
        name = "ma"
        stream = "a"

        [[model]]
        name = "mb"
        stream = "b"

        """
    }

    /// (TOML, the socket blamed, a phrase)
    @Test(arguments: [
        (
            "[daemon]\npublish = \"tcp://127.0.0.1:7001\"\n"
                + streams("bind = \"tcp://*:7001\"", "connect = \"tcp://h:1\""),
            "stream[0].bind", "daemon.publish listens"
        ),
        (streams("bind = \"ipc:///tmp/x\"", "bind = \"ipc:///tmp/x\""), "stream[1].bind", "stream[0].bind listens"),
        (
            "[daemon]\nhttp = \"127.0.0.1:7002\"\n"
                + streams("bind = \"tcp://localhost:7002\"", "connect = \"tcp://h:1\""),
            "stream[0].bind", "daemon.http listens"
        ),
        (
            "[daemon]\ncontrol = \"tcp://127.0.0.1:7003\"\n"
                + streams("connect = \"tcp://127.0.0.1:7003\"", "connect = \"tcp://h:1\""),
            "stream[0].connect", "not to blrd itself"
        ),
    ])
    func endpointClashesAreFound(text: String, key: String, phrase: String) throws {
        let error = try #require(Self.refusal(text))
        #expect(error.key == key && error.description.contains(phrase), "\(error)")
        #expect(error.line != nil)
    }

    /// One publisher may carry several streams: each subscribes to its own topic.
    @Test func twoStreamsMayConnectToOnePublisher() throws {
        let text = Self.streams("connect = \"tcp://10.0.0.1:7000\"", "connect = \"tcp://10.0.0.1:7000\"")
        #expect(Self.refusal(text) == nil)
    }

    /// (model keys, the key refused, a phrase of the reason)
    @Test(arguments: [
        ("rule = \"laplace\"\nmc_samples = 8\n", "mc_samples", "only the variational rules"),
        ("rule = \"laplace\"\nlearning_rate = 0.5\n", "learning_rate", "this model's rule is laplace"),
        ("rule = \"ivon\"\nnewton_iterations = 5\n", "newton_iterations", "only rule = \"laplace\""),
        ("rule = \"ivon\"\nsteps = 3\n", "steps", "only an MLP"),
        ("rule = \"laplace\"\npredictive_samples = 100\n", "predictive_samples", "closed form"),
        ("forgetting = \"none\"\ndrift_memory = 500\n", "drift_memory", "only forgetting = \"adaptive\""),
        ("forgetting = 0.99\ndrift_alarm_forgetting = 0.01\n", "drift_alarm_forgetting", "alarms are only reported"),
        ("sensitivity_rate = 0\nsensitivity_limit = 3\n", "sensitivity_limit", "sensitivity_rate = 0"),
    ])
    func keysWithoutEffectAreRefused(keys: String, key: String, phrase: String) throws {
        let error = try #require(Self.refusal(Self.minimal + keys))
        #expect(error.key == "model[0].\(key)", "\(error)")
        #expect(error.description.contains("has no effect") && error.description.contains(phrase), "\(error)")
    }

    @Test func keysWithEffectAreKept() throws {
        let mlp =
            "rule = \"ivon\"\nnetwork = \"mlp\"\nhidden = [4]\nsteps = 2\npredictive_samples = 16\nmc_samples = 2\n"
        #expect(Self.refusal(Self.minimal + mlp) == nil)
        #expect(Self.refusal(Self.minimal + "rule = \"laplace\"\nnewton_iterations = 3\n") == nil)
    }

    static func wide(features: Int, classes: Int, model: String, daemon: String = "") -> String {
        """
        [daemon]
        \(daemon)

        [[stream]]
        name = "wide"
        connect = "tcp://127.0.0.1:5555"
        features = \(features)
        task = "multiclass"
        classes = \(classes)

        [[model]]
        name = "big"
        stream = "wide"
        \(model)

        """
    }

    /// d = 1000, K = 10 under a full posterior: p = 10 010, two p × p matrices, 1.5 GiB — refused before
    /// anything is allocated, with the fix.
    @Test func aModelOverTheSizeLimitIsRefusedWithTheFix() throws {
        let error = try #require(
            Self.refusal(Self.wide(features: 1000, classes: 10, model: "rule = \"laplace\"\nposterior = \"full\"")))
        #expect(error.key == "model[0].posterior", "\(error)")
        for phrase in [
            "1.5 GiB in memory", "p = 10010", "max_model_bytes = 256 MiB", "posterior = \"diagonal\"", "fewer features",
        ] {
            #expect(error.description.contains(phrase), "\(phrase): \(error)")
        }
        // The diagonal posterior the message names fits.
        #expect(Self.refusal(Self.wide(features: 1000, classes: 10, model: "rule = \"ivon\"")) == nil)
    }

    @Test func theLimitIsConfigurable() throws {
        let full = "rule = \"laplace\"\nposterior = \"full\""
        // p = 10 × 201 = 2010: 2p² · 8 B ≈ 62 MiB.
        #expect(Self.refusal(Self.wide(features: 200, classes: 10, model: full)) == nil)
        let error = try #require(
            Self.refusal(Self.wide(features: 200, classes: 10, model: full, daemon: "max_model_bytes = \"32 MiB\"")))
        #expect(error.description.contains("over max_model_bytes = 32 MiB"), "\(error)")
        // `auto`: its block posterior and MLP member are counted together.
        let auto = try #require(
            Self.refusal(Self.wide(features: 200, classes: 10, model: "", daemon: "max_model_bytes = \"1 MiB\"")))
        #expect(auto.key == "model[0].rule" && auto.description.contains("name a single rule"), "\(auto)")
    }

    @Test func sizesFollowTheShape() throws {
        let full = ModelSize.of(ModelSpec(features: 9, likelihood: .bernoulli, posterior: .full, rule: .laplace))
        // p = 10: 2·100 + 30 numbers in memory, 100 + 20 stored.
        #expect(full.stateBytes == 8 * 230 + ModelSize.overhead && full.snapshotBytes == 8 * 120 + ModelSize.overhead)
        let diagonal = ModelSize.of(ModelSpec(features: 9, likelihood: .bernoulli, posterior: .diagonal, rule: .ivon))
        #expect(
            diagonal.stateBytes == 8 * 40 + ModelSize.overhead && diagonal.snapshotBytes == 8 * 40 + ModelSize.overhead)
        #expect(
            ModelSize.text(3 << 29) == "1.5 GiB" && ModelSize.text(256 << 20) == "256 MiB"
                && ModelSize.text(10) == "10 B")
    }

    /// The estimate is not far from what a snapshot really weighs.
    @Test func theSnapshotEstimateMatchesAnEncodedSnapshot() throws {
        let config = try ConfigParser.parse(
            Self.wide(features: 50, classes: 3, model: "rule = \"laplace\"\nposterior = \"full\""), file: "c.toml")
        let model = try #require(config.models.first)
        var session = ModelSession(config: model)
        let encoded = try session.snapshot().encoded().count
        let estimate = ModelSize.of(model).snapshotBytes
        #expect(abs(Double(estimate - encoded)) < 0.1 * Double(encoded), "estimate \(estimate), encoded \(encoded)")
    }

    @Test func retentionDurationsParse() throws {
        let model = try #require(
            try ConfigParser.parse(Self.minimal + "keep_for = \"7d\"\n", file: "c.toml").models.first)
        #expect(model.keepFor == 7.0 * 86_400)
        let daemon = try ConfigParser.parse(
            "[daemon]\nkeep_alerts = 50\nkeep_alerts_for = \"12h\"\nkeep_dead_letters_for = \"90s\"\n" + Self.minimal,
            file: "c.toml"
        ).daemon
        #expect(daemon.keepAlerts == 50 && daemon.keepAlertsFor == 43_200 && daemon.keepDeadLettersFor == 90)
        for bad in ["\"7 days\"", "\"-1h\"", "7", "\"h\""] {
            let error = try #require(Self.refusal(Self.minimal + "keep_for = \(bad)\n"))
            #expect(error.key == "model[0].keep_for" && error.description.contains("duration"), "\(error)")
        }
    }

    /// `blrd --check` as an operator runs it: sizes printed for a good file; a clash refused with exit 78.
    @Test func checkPrintsSizesAndRefusesClashes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "blrd-check-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.toml")
        try Self.wide(features: 1000, classes: 10, model: "rule = \"ivon\"").write(
            to: good, atomically: true, encoding: .utf8)
        let ok = try SecurityConfigTests.check(good.path)
        #expect(
            ok.status == 0 && ok.output.contains("model big (ivon): ≈ 317 KiB in memory, 317 KiB per snapshot"),
            "\(ok.output)")
        let clash = folder.appendingPathComponent("clash.toml")
        try
            ("[daemon]\ncontrol = \"tcp://127.0.0.1:7003\"\n"
            + Self.streams("bind = \"tcp://*:7003\"", "connect = \"tcp://h:1\""))
            .write(to: clash, atomically: true, encoding: .utf8)
        let refused = try SecurityConfigTests.check(clash.path)
        #expect(
            refused.status == 78
                && refused.output.contains(
                    "clash.toml:5: stream[0].bind: 'tcp://*:7003' is also where daemon.control listens"),
            "\(refused.output)")
    }
}
