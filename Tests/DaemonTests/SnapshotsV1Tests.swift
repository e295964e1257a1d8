import Foundation
import Inference
import Testing
@testable import Daemon

/// Snapshots written by the blrd before learners (snapshot format 1, model state version 1: commit f904de0, the
/// files in SnapshotsV1/ with the configuration they were written under). They still decode, predict exactly what
/// that build predicted, and resume under a configuration that names their old settings.
@Suite struct SnapshotsV1Tests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "SnapshotsV1")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(name).bin")))
    }

    /// `name.expected`: that build's predictive at x = (0.3, −1, 2), one number a line (probabilities, or mean then
    /// variance).
    static func expected(_ name: String) throws -> [Double] {
        let text = try String(contentsOf: folder.appendingPathComponent("\(name).expected"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { Double($0) }
    }

    @Test(arguments: ["binary_default", "binary_ivon", "binary_ivon_nobias", "regression_conjugate"])
    func decodesAndPredictsAsItsBuildDid(name: String) throws {
        let snapshot = try SessionSnapshot(decoding: try Self.bytes(name))
        #expect(snapshot.learner.members.count == 1)
        let got: [Double]
        switch try snapshot.model.predict([0.3, -1.0, 2.0]) {
        case .probabilities(let p, 2): got = p
        case .gaussian(let mean, let variance, _): got = mean + variance
        default: Issue.record("unexpected predictive"); return
        }
        let want = try Self.expected(name)
        #expect(got.count == want.count)
        // 1e-12: the same state through the same arithmetic.
        for (a, b) in zip(got, want) { #expect(abs(a - b) < 1e-12 * max(1, abs(b)), "\(name): \(got) against \(want)") }
    }

    /// A configuration that names the old settings restores the model; one that relied on the old defaults now
    /// configures `auto`, whose fingerprint differs, and the daemon refuses it at start (exit 78, see RestartTests).
    @Test func oldSettingsResumeAndOldDefaultsAreTold() throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("binary_ivon.toml"), encoding: .utf8)
        let named = try #require(
            try ConfigParser.parse(
                text + "standardize = true\nforgetting = \"none\"\ncalibrate = false\n", file: "c.toml"
            ).models.first)
        let session = try ModelSession(
            config: named, snapshot: SessionSnapshot(decoding: try Self.bytes("binary_ivon")))
        #expect(
            session.learner.members[0].model == (try SessionSnapshot(decoding: try Self.bytes("binary_ivon"))).model)
        let defaults = try String(
            contentsOf: Self.folder.appendingPathComponent("binary_default.toml"), encoding: .utf8)
        let auto = try #require(try ConfigParser.parse(defaults, file: "c.toml").models.first)
        let stored = try SessionSnapshot(decoding: try Self.bytes("binary_default")).model.spec.shapeFingerprint
        #expect(auto.learner.shapeFingerprint != stored)
    }
}
