import Foundation

/// The daemon's own resource use, read from `/proc/self` (Linux); nil where it cannot be read.
enum ProcessStats {
    /// Resident set size in bytes: the second field of `/proc/self/statm` (pages) times the page size.
    static var residentBytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Open file descriptors: the entries of `/proc/self/fd` (less the one this listing opens).
    static var openDescriptors: Int? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        return max(0, entries.count - 1)
    }
}
