import ArgumentParser
import Decode
import Foundation
import Persist
import Tabular

/// `blrctl dead-letters [--stream S] [--limit N]`: rejected ingest messages and why.
struct DeadLettersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List rejected ingest messages with the reason, oldest first.",
        discussion: """
            The daemon keeps the newest rejected messages of each stream (their frames cut at a size limit). \
            --json includes the stored frames, base64-encoded.
            """)

    @ParentCommand var root: Blrctl

    @Option(help: "Only this stream.")
    var stream: String?

    @Option(help: "At most this many (the newest).")
    var limit = 20

    @Flag(help: "One JSON document: {\"dead_letters\": [...]}.")
    var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let letters = try root.global.openStore().deadLetters(stream: stream, limit: limit)
        if json {
            Output.json([
                "dead_letters": .array(
                    letters.map { d in
                        [
                            "id": JSONValue(Int(d.id)), "stream": .string(d.stream),
                            "seq": d.seq.map { JSONValue($0) } ?? .null,
                            "reason": .string(d.reason), "time": .string(Format.preciseTime(d.createdAt)),
                            "frame_count": JSONValue(d.frameCount), "size": JSONValue(d.originalSize),
                            "truncated": .bool(d.isTruncated),
                            "frames": .array(d.frames.map { .string(Data($0).base64EncodedString()) }),
                        ]
                    })
            ])
            return
        }
        guard !letters.isEmpty else {
            print("no dead letters")
            return
        }
        var table = TextTable(["TIME", "STREAM", "SEQ", "FRAMES", "SIZE", "REASON"], rightAligned: [2, 3, 4])
        for d in letters {
            table.append([
                Format.time(d.createdAt), d.stream, d.seq.map(String.init) ?? "-", "\(d.frameCount)",
                Format.bytes(d.originalSize), d.reason,
            ])
        }
        print(table.render())
    }
}
