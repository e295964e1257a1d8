import ArgumentParser
import BuildInfo

/// `blr-bench`: measurements and demonstrations of the `Inference` core, run in-process.
@main
struct BLRBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blr-bench",
        abstract: "Benchmarks and demos for the Bayesian-learning-rule core.",
        version: "blr-bench \(BuildInfo.text)",
        subcommands: [
            InferenceCommand.self, StreamsCommand.self, EndToEndCommand.self, FloodCommand.self, JSONCommand.self,
        ]
    )
}
