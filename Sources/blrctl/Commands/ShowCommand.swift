import ArgumentParser
import Decode
import Foundation
import Inference

/// `blrctl show M[@V]`: one posterior summarised.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Summarise a posterior: dimension, layout, mean and variance, entropy, KL from the prior.",
        discussion: """
            KL is KL(q ‖ p₀) in nats from the model's base prior p₀ = N(0, I/λ₀). Models with a diagonal \
            posterior standardise their features online, so their parameters act on standardised features \
            (the scaler is in `blrctl export --format json`).
            """)

    @ParentCommand var root: Blrctl

    @Argument(
        help: ArgumentHelp(
            "The snapshot, MODEL or MODEL@VERSION (default: the newest intact one).", valueName: "model[@version]"))
    var snapshot: SnapshotRef

    @Option(help: "How many of the largest |mean| parameters to list.")
    var top = 5

    @Flag(help: "One JSON document.")
    var json = false

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be at least 0") }
    }

    func run() throws {
        let loaded = try root.global.openStore().load(snapshot)
        let summary = try PosteriorSummary(loaded, top: top)
        if json { Output.json(summary.json) } else { print(summary.text) }
    }
}
