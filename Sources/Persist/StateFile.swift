import Foundation
import GRDB

/// The checks that keep a damaged or missing history from passing for a first start.
///
/// A missing file is a first start: it is created 0600 (its `-wal` and `-shm` take the same mode), so
/// posteriors and dead letters are readable by the daemon's user only. An existing file must be a whole,
/// writable SQLite database: an empty one needs `allowEmpty` (`blrd --init`); a truncated, malformed,
/// unreadable or read-only one is refused with `StoreError.unusableDatabase`, whose message names the fix —
/// so systemd's `RestartPreventExitStatus=78` stops a restart loop that could not help.
enum StateFile {
    /// Creates `path` (and its directory) when missing; refuses an empty file unless `allowEmpty`.
    static func prepare(_ path: String, allowEmpty: Bool) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.unusableDatabase(
                path: path, reason: "cannot create its directory: \(error.localizedDescription)")
        }
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else {
                throw StoreError.unusableDatabase(path: path, reason: String(cString: strerror(errno)))
            }
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw StoreError.unusableDatabase(
                    path: path, reason: "cannot create it: \(String(cString: strerror(errno)))")
            }
            close(fd)
            return
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError.unusableDatabase(path: path, reason: "not a regular file")
        }
        if info.st_size == 0 && !allowEmpty { throw StoreError.emptyDatabase(path: path) }
        guard access(path, R_OK | W_OK) == 0 else {
            throw StoreError.unusableDatabase(
                path: path, reason: "not readable and writable: \(String(cString: strerror(errno)))")
        }
        guard access(directory.path, W_OK) == 0 else {
            throw StoreError.unusableDatabase(
                path: path,
                reason: "its directory is not writable (\(String(cString: strerror(errno)))), and SQLite's WAL needs it"
            )
        }
    }

    /// Fails unless SQLite reads every page of the file back as consistent (`PRAGMA quick_check`: b-tree
    /// structure, page counts, record formats; https://sqlite.org/pragma.html#pragma_quick_check).
    static func verify(_ db: Database, path: String) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
        guard problems == ["ok"] else {
            throw StoreError.unusableDatabase(path: path, reason: "damaged: \(problems.joined(separator: "; "))")
        }
    }

    /// `StoreError.unusableDatabase` for an SQLite failure while opening, checking or migrating.
    static func unusable(_ error: Error, path: String) -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_NOTADB: return StoreError.unusableDatabase(path: path, reason: "not an SQLite database")
        case .SQLITE_CORRUPT:
            return StoreError.unusableDatabase(path: path, reason: "damaged: \(error.message ?? "\(error)")")
        case .SQLITE_READONLY:
            return StoreError.unusableDatabase(path: path, reason: "read-only: \(error.message ?? "\(error)")")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR:
            return StoreError.unusableDatabase(
                path: path, reason: "cannot open or read it: \(error.message ?? "\(error)")")
        default: return StoreError.unusableDatabase(path: path, reason: "\(error)")
        }
    }
}
