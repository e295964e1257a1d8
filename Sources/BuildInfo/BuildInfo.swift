/// What every executable's `--version` prints: the package version (the `VERSION` file) and the git commit it
/// was built from, both stamped at build time by `BuildInfoPlugin` (the stamp is `BuildInfo+Stamp.swift`,
/// generated, never in the repository).
public enum BuildInfo {
    /// `0.11.0 (commit 1a2b3c4d5e6f…)`, `… (commit …-modified)` for a build with uncommitted changes, or
    /// `0.11.0 (unknown commit)` for a build made outside a git checkout.
    public static var text: String {
        guard let commit else { return "\(version) (unknown commit)" }
        return "\(version) (commit \(commit))"
    }
}
