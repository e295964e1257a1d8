import Logging
#if canImport(Glibc)
    import Glibc
#endif

/// Whether stderr is connected to the systemd journal: `JOURNAL_STREAM` holds `device:inode` of the stream
/// systemd gave the service, and it counts only when stderr is still that stream (sd-daemon(3), systemd.exec(5)
/// "$JOURNAL_STREAM": a child whose stderr was redirected must not prefix its lines).
enum JournalStream {
    static func isStderr(environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

    /// The syslog priority journald reads from a `<N>` prefix (sd-daemon(3): SD_DEBUG 7 … SD_CRIT 2).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
