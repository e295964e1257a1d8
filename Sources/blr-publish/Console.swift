import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unbuffered writes to stdout and stderr.
///
/// Everything `blr-publish` prints goes through here, straight to the file descriptors, so lines appear at once
/// even when stdout is a pipe or a file (the start line is visible while the publisher waits for a subscriber),
/// and stdout and stderr never interleave out of order.
enum Console {
    /// Whether stdout is a terminal (progress lines are drawn only there).
    static var stdoutIsTerminal: Bool {
        isatty(STDOUT_FILENO) == 1
    }

    /// Writes `line` and a newline to stdout.
    static func out(_ line: String) {
        write(line + "\n", to: FileHandle.standardOutput)
    }

    /// Writes `text` to stdout as is (a progress line redrawn with a carriage return).
    static func outRaw(_ text: String) {
        write(text, to: FileHandle.standardOutput)
    }

    /// Writes `blr-publish: ` + `line` and a newline to stderr.
    static func error(_ line: String) {
        write("blr-publish: \(line)\n", to: FileHandle.standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
