import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension StateStore {
    /// Creates an empty database file with `FileModes.file` before SQLite does (SQLite would use
    /// 0644 less the umask; its `-wal` and `-shm` files take the main file's mode). An existing
    /// file, or a link an operator put there, is left as it is.
    static func createFileIfMissing(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) != 0 else { return }
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileModes.file)
        guard fd >= 0 || errno == EEXIST else {
            throw StoreError(kind: .open, path: path, detail: "cannot create: \(FileModes.openFailure(errno))")
        }
        if fd >= 0 { close(fd) }
    }
}
