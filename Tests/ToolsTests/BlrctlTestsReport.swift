import Foundation
import Persist
import Testing

@Suite("blrctl report")
struct BlrctlTestsReport {
    static let driftSeqs: [UInt64] = [250, 480]
    static let sensitivitySeqs: [UInt64] = [150, 320, 550]

    /// A logistic model with six snapshots (seq 100…600) whose recorded scores move, two drift alerts and three
    /// sensitivity alerts.
    static func state() throws -> BlrctlState {
        let state = try BlrctlState()
        let models = try BlrctlModels.learn(BlrctlModels.fullLogistic(), versions: 6)
        let metrics = (1...6).map { i in
            let d = Double(i)
            return
                #"{"accuracy": \#(0.6 + 0.03 * d), "log_loss": \#(0.69 - 0.04 * d), "ece15": \#(0.1 / d), "brier": 0.2, "n": \#(32 * i)}"#
        }
        try state.save("clf", versions: models, metrics: metrics)
        for (i, seq) in driftSeqs.enumerated() {
            try state.store.recordAlert(
                kind: .drift, subject: "clf", seq: seq, version: i + 2,
                payloadJSON:
                    #"{"detector": "surprise-cusum", "statistic": 9.5, "threshold": 8, "action": "forgetting α=0.5"}"#)
        }
        for (i, seq) in sensitivitySeqs.enumerated() {
            try state.store.recordAlert(
                kind: .sensitivity, subject: "clf", seq: seq, version: i + 1,
                payloadJSON: #"""
                    {"examples": [{"index": 3, "id": "a17-\#(i)"}, {"index": 9, "id": 42}], "flagged": 2,
                     "summary": "2 of 16 labels are implausible under the model (test \#(i))", "quarantined": false}
                    """#)
        }
        return state
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aReportDrawsEveryPlotWithTheAlertsAndListsThem() throws {
        let state = try Self.state()
        let result = try state.blrctl("report", "clf", "-o", "report.html")
        #expect(result.status == 0, "\(result)")
        let file = state.directory.appendingPathComponent("report.html")
        let html = try String(contentsOf: file, encoding: .utf8)
        // Log-loss, accuracy, ECE, entropy, KL; one member, so no weights plot.
        let plots = 5
        #expect(Self.count("<svg", in: html) == plots)
        // Cumulative and between-snapshot lines for log-loss and accuracy; one line each for ECE, entropy, KL.
        #expect(Self.count(#"<polyline class="series""#, in: html) == 7)
        #expect(html.contains("uniform guess, log 2"))
        #expect(Self.count(#"class="drift-marker""#, in: html) == Self.driftSeqs.count * plots)
        #expect(Self.count(#"class="sensitivity-tick""#, in: html) == Self.sensitivitySeqs.count * plots)
        #expect(html.contains("statistic 9.5 &gt; 8, action forgetting α=0.5"))
        #expect(Self.count(#"<tr class="sensitivity-row""#, in: html) == Self.sensitivitySeqs.count)
        #expect(Self.count(#"<tr class="drift-row""#, in: html) == Self.driftSeqs.count)
        #expect(html.contains("<td>a17-2, 42</td>"))
        #expect(html.contains("implausible under the model (test 0)"))
        // Self-contained: nothing fetched from elsewhere.
        for external in ["<script", "<link", "@import", "url(", "https://", "src="] {
            #expect(!html.contains(external), "the page refers to something outside it: \(external)")
        }
        try Self.render(file, in: state.directory)
    }

    @Test func oneSnapshotIsTooFewToPlotAndThePageSaysSo() throws {
        let state = try BlrctlState()
        try state.save("one", versions: try BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 1))
        let result = try state.blrctl("report", "one")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(result.stdout.contains("Too few snapshots to plot: 1 of one"))
        #expect(!result.stdout.contains("<svg"))
        #expect(result.stdout.contains("None recorded."))
    }

    @Test func lastKeepsTheNewestSnapshots() throws {
        let state = try Self.state()
        let result = try state.blrctl("report", "clf", "--last", "3")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("3 snapshots, versions 4–6, seq 400–600"), "\(result.stdout.prefix(2000))")
        #expect(Self.count("<svg", in: result.stdout) == 5)
    }

    @Test func anUnknownModelIsAClearError() throws {
        let state = try BlrctlState()
        try state.save("clf", versions: try BlrctlModels.learn(BlrctlModels.fullLogistic(), versions: 2))
        let result = try state.blrctl("report", "nope")
        #expect(result.status != 0)
        #expect(result.stderr.contains("no model named 'nope'"), "\(result)")
    }

    /// Renders `file` in headless Chromium when it is installed: a screenshot that is a real image, and a DOM
    /// with the SVGs in it. Without Chromium the render check is skipped (and says so); the HTML checks stand.
    static func render(_ file: URL, in directory: URL) throws {
        guard let chromium = Self.chromium() else {
            print("blrctl report: chromium is not installed; the headless render check was skipped")
            return
        }
        let screenshot = directory.appendingPathComponent("report.png")
        let common = [
            "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
            "--user-data-dir=\(directory.appendingPathComponent("chromium-profile").path)",
        ]
        let shot = try ToolProcess.run(
            chromium,
            arguments: common + ["--screenshot=\(screenshot.path)", "--window-size=1200,2000", file.absoluteString],
            timeout: 120)
        #expect(shot.status == 0, "chromium: \(shot.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "the screenshot is \(size) bytes")
        let dom = try ToolProcess.run(chromium, arguments: common + ["--dump-dom", file.absoluteString], timeout: 120)
        #expect(Self.count("<svg", in: dom.stdout) == 5, "chromium's DOM: \(dom.stdout.prefix(500))")
    }

    /// `chromium` or `chromium-browser` on the PATH.
    static func chromium() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }
}
