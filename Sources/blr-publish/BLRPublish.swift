import ArgumentParser
import ToolOptions
import BuildInfo
import Synthetic
import Vocabulary

/// `blr-publish`: replays a stream of examples into ZeroMQ as blrd ingest messages (docs/PROTOCOL.md §1, §9),
/// from a CSV file, an `.npy` pair or a built-in synthetic generator.
@main
struct BLRPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blr-publish",
        abstract: "Replay a CSV file, an .npy pair or a synthetic stream into ZeroMQ as blrd ingest messages.",
        discussion: """
            Sends batches on an XPUB socket, topic = the stream name. Before the first message it waits for a \
            subscriber to the stream (a blrd [[stream]] with this name), then sends without dropping: a slow \
            subscriber slows the publisher down. Prints the stream's n, d and task (and, for drifting synthetic \
            streams, where the drifts are) at start, and a summary at the end.

            Synthetic kinds: \(SyntheticKind.allCases.map(\.rawValue).joined(separator: ", ")).

            With --control ENDPOINT (the daemon's control socket) the run resumes across daemon restarts: it \
            checks the stream's features, task and classes with describe before sending, keeps every batch until \
            the daemon's durable_seq covers it (up to --retain-bytes; at the bound it waits), polls describe every \
            150 ms, and when the daemon restarts (its subscription goes away, or describe names a new instance) it \
            resends the kept batches above the daemon's last_seq with the same epoch and seqs. At the end it waits \
            up to --durable-timeout for the last batch to be durable, asking the daemon for a snapshot of the \
            stream's models once it has applied everything. The daemon should be the stream's only subscriber.

            Exit status: 0 when everything was sent (and, with --control, is durable); 1 for a bad input file, an \
            endpoint that cannot be used, a failed send, or a daemon whose stream does not match the data; 2 when \
            no subscriber (or, with --control, no reply) turned up within --wait; 3 when the daemon rejected \
            messages or saw a gap in the stream during the run (--control); 4 when the last batch was not durable \
            within --durable-timeout.
            """,
        version: "blr-publish \(BuildInfo.text)")

    // MARK: stream and socket

    @Option(help: "The stream name: the topic of every message, as in the daemon's [[stream]] name.")
    var stream: String

    @Option(help: ArgumentHelp("The ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555.", valueName: "endpoint"))
    var endpoint: String

    @Flag(help: "Connect to the endpoint (the daemon's stream binds) or bind it (the daemon connects).")
    var mode: SocketMode = .connect

    @OptionGroup var curve: CurveClientOptions

    // MARK: source

    @Option(
        help: ArgumentHelp("Read examples from a CSV file with a header row (all cells numeric).", valueName: "file"))
    var csv: String?

    @Option(
        help: ArgumentHelp("The CSV column holding the labels; every other column is a feature.", valueName: "column"))
    var label: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Read x (2-D, n × d) and y (1-D, n) from two .npy files (float32/float64/int32/int64, C order).",
            valueName: "x.npy y.npy"))
    var npy: [String] = []

    @Option(
        help: ArgumentHelp(
            "Generate a seeded synthetic stream: \(SyntheticKind.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "kind"),
        transform: BLRPublish.syntheticKind)
    var synthetic: SyntheticKind?

    @Option(help: "Examples per pass: a synthetic stream's length (default 10000), or the first rows of a file.")
    var count: Int?

    @Option(help: "Synthetic: features per example (default 8).")
    var features: Int?

    @Option(help: "Synthetic: the random seed (default 1); the same seed gives the same stream.")
    var seed: UInt64?

    @Option(help: "Synthetic drift kinds: examples between drift points (default 5000).")
    var every: Int?

    @Option(help: "Synthetic gradual: examples over which a drift happens (default 1000).")
    var width: Int?

    @Option(help: "Synthetic regression kinds: the variance of the label noise (default 0.25).")
    var noiseVariance: Double?

    @Option(
        help: "The task, which decides the label dtype (default: the synthetic kind's, or inferred from the labels).")
    var task: LearningTask?

    // MARK: messages

    @Option(help: "Examples per message.")
    var batch = 64

    @Option(help: "Messages per second (0: as fast as the subscriber takes them).")
    var rate: Double = 0

    @Option(help: "The wire form: binary frames or one JSON document.")
    var format: WireFormat = .binary

    @Option(help: "The dtype of x in binary messages (default: f4 for a float32 .npy, else f8).")
    var precision: DType?

    @Option(help: "Send the data this many times over; seq keeps counting up.")
    var epochs = 1

    @Option(help: "The seq of the first message.")
    var startSeq: UInt64 = 0

    @Option(help: "Put this epoch in every message header (a restarted publisher sends a higher one).")
    var epoch: UInt64?

    @Option(help: ArgumentHelp("Send every k-th message without labels (predicted, not learned from).", valueName: "k"))
    var unlabelledEvery: Int?

    @Flag(help: "Send each example's index (within a pass) as its id.")
    var ids = false

    @Flag(help: "Send the time of sending (Unix seconds) as ts.")
    var ts = false

    // MARK: run

    @Option(
        help: ArgumentHelp("Seconds to wait for a subscriber before giving up (exit status 2).", valueName: "seconds"))
    var wait: Double = 30

    @Option(
        help: ArgumentHelp(
            "Seconds to keep the socket open after the last message, so the few still queued are delivered.",
            valueName: "seconds"))
    var drain: Double = 1

    // MARK: resume

    @Option(
        help: ArgumentHelp(
            "The daemon's control endpoint: check the stream with describe, keep batches until durable, resend them "
                + "after a restart of the daemon, and wait at the end until the last one is durable.",
            valueName: "endpoint"))
    var control: String?

    @Option(
        help: ArgumentHelp(
            "With --control: the most bytes of not-yet-durable batches kept for resending; at the bound sending "
                + "waits for the daemon.", valueName: "bytes"))
    var retainBytes: Int = 256 << 20

    @Option(
        help: ArgumentHelp(
            "With --control: seconds to wait at the end for the last batch to be durable (exit status 4 after).",
            valueName: "seconds"))
    var durableTimeout: Double = 60

    @Flag(help: "No progress line (the start lines and the summary are still printed).")
    var quiet = false

    /// `--synthetic`'s parser: a ``SyntheticKind`` by its raw name.
    @Sendable
    static func syntheticKind(_ text: String) throws -> SyntheticKind {
        guard let kind = SyntheticKind(rawValue: text) else {
            let kinds = SyntheticKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown synthetic kind '\(text)'; the kinds are \(kinds)")
        }
        return kind
    }
}
