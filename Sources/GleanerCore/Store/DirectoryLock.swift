import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writing gleaner process per state or output directory. The output files' commit
/// protocol (recovery cuts files back to the offsets this process committed) and the store's
/// in-memory copies of what it wrote (`CommittedCopy`) are only right with a single writer: a
/// `gleaner once` started beside the daemon on the same directories would cut off the daemon's
/// records. The claim is an `flock` on `<directory>/.gleaner.lock`, which the kernel drops
/// when the process exits however it exits, so a crash never leaves a stale lock behind.
public final class DirectoryLock: Sendable {
    public let directory: String
    private let fd: Int32

    /// The lock file's name inside the directory (hidden: consumers glob `*.jsonl`).
    public static let fileName = ".gleaner.lock"

    public init(directory: String) throws {
        self.directory = directory
        let path = directory + "/" + Self.fileName
        // O_NOFOLLOW: a link planted here would have its target overwritten with our pid.
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else {
            throw StoreError(kind: .lock, path: path, detail: "cannot create the lock file: \(FileModes.openFailure(errno))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            var holder = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &holder, holder.count, 0)
            close(fd)
            guard code == EWOULDBLOCK else {
                throw StoreError(kind: .lock, path: path, detail: "cannot lock: \(String(cString: strerror(code)))")
            }
            let pid = String(decoding: holder.prefix(max(n, 0)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw StoreError(kind: .lock, path: directory, detail: "in use by another gleaner process"
                + (pid.isEmpty ? "" : " (pid \(pid))") + "; stop it, or give this one its own state_dir and output_dir")
        }
        // Who holds it, for the message above; the lock itself is the flock, not this text.
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
        self.fd = fd
    }

    // Closing drops the flock. The file stays: removing it could race with a process that has
    // just opened it and would then lock a file no longer in the directory.
    deinit { close(fd) }
}
