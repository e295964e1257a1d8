import ArgumentParser
import Foundation

/// `blrctl report M [-o report.html]`: one self-contained HTML page of a model's history, from the state file.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of a model's history: scores, calibration, entropy, KL, weights, alerts.",
        discussion: """
            One point per stored snapshot: the prequential scores recorded with it (cumulative, and between \
            consecutive snapshots from the recorded counts), ECE or 90 % coverage, the posterior's entropy and \
            the KL from the previous snapshot, a model average's member weights; drift alerts as vertical lines, \
            sensitivity alerts as ticks, and tables of the newest alerts. The page is self-contained (inline \
            CSS and SVG, no scripts). To stdout without -o.
            """)

    @ParentCommand var root: Blrctl

    @Argument(help: "The model.")
    var model: String

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the HTML.", valueName: "path"))
    var output: String?

    @Option(help: "How many of the newest alerts of each kind the tables list.")
    var rows = 20

    @Option(help: "Only the newest N snapshots (each one is decoded: a long history takes a while).")
    var last: Int?

    func validate() throws {
        guard rows >= 1 else { throw ValidationError("--rows must be at least 1") }
        if let last, last < 1 { throw ValidationError("--last must be at least 1") }
    }

    func run() throws {
        let store = try root.global.openStore()
        let history = try ReportHistory(store: store, model: model, last: last)
        let html = ReportPage(history: history, source: store.path, tableRows: rows).html
        guard let output else {
            FileHandle.standardOutput.write(Data(html.utf8))
            return
        }
        do { try Data(html.utf8).write(to: URL(fileURLWithPath: output)) } catch {
            throw CtlError("cannot write \(output): \(error.localizedDescription)")
        }
        print(output)
    }
}
