import ArgumentParser
import BuildInfo

/// `blrctl`: reads blrd's SQLite state (snapshots, alerts, dead letters) and talks to a running daemon's
/// control socket. Thin: the subcommands in `Commands/` do the work; the options every one of them shares
/// live here, before the subcommand (`blrctl --db var/blrd.sqlite snapshots`).
@main
struct Blrctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blrctl",
        abstract: "Inspect blrd's posterior snapshots and control a running daemon.",
        discussion: """
            Read commands (snapshots, show, diff, export, predict, alerts, models, dead-letters, report) open the \
            SQLite state file read-only: they work while the daemon runs. restore, reset and snapshot go through \
            the daemon's control socket and need it running; prune writes the file directly (safe while the \
            daemon runs). Every read command but report (an HTML page) takes --json: one JSON document on stdout.

            The state file and the control endpoint come from --config (default config/blrd.toml when it \
            exists); --db and --control override them. A snapshot is named MODEL@VERSION; a bare MODEL means \
            its newest snapshot that reads back intact.
            """,
        version: "blrctl \(BuildInfo.text)",
        subcommands: [
            SnapshotsCommand.self, ShowCommand.self, DiffCommand.self, ExportCommand.self, PredictCommand.self,
            AlertsCommand.self, ModelsCommand.self, DeadLettersCommand.self, StatusCommand.self,
            RestoreCommand.self, ResetCommand.self, SnapshotCommand.self, WhatIfCommand.self, PruneCommand.self,
            WatchCommand.self, ReportCommand.self,
            KeygenCommand.self,
        ])

    @OptionGroup var global: GlobalOptions
}
