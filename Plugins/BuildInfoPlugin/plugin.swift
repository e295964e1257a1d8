import Foundation
import PackagePlugin

/// Stamps the `BuildInfo` module with the package version (`VERSION`) and the git commit the build is made
/// from, for every executable's `--version`.
///
/// A prebuild command, because it runs before every build: a build command runs only when its declared inputs
/// change, and git's HEAD is not a file a plugin can name robustly (worktrees, packed refs). The script rewrites
/// its output only when the text changes, so an unchanged commit recompiles nothing. Outside a git checkout
/// (a tarball, an export) it says "unknown commit" rather than failing the build.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let package = context.package.directoryURL
        return [
            .prebuildCommand(
                displayName: "Stamping BuildInfo with the version and git commit",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [package.appending(path: "scripts/build-info.sh").path, package.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}
