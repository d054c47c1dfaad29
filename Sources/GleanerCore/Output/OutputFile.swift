#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GleanerStore

/// An open output file descriptor, closed in `deinit`. Not `Sendable`: only the pipeline's lock
/// holder touches it.
final class OutputFile {
    let path: String
    private let fd: Int32

    /// Opens (creating with `FileModes.file` if needed) for appending; `truncating` empties it.
    /// A symbolic link in the file's place is refused (O_NOFOLLOW): recovery would otherwise cut
    /// and append to whatever it points at.
    init(appendingTo path: String, truncating: Bool = false) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | (truncating ? O_TRUNC : 0), FileModes.file)
        guard fd >= 0 else { throw StoreError(output: .open, path: path, detail: "open: " + FileModes.openFailure(errno)) }
        self.fd = fd
    }

    deinit { close(fd) }

    func size() throws -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StoreError.posix(.output, .read, path, "fstat") }
        return Int64(st.st_size)
    }

    /// Writes all bytes (retrying short writes and EINTR).
    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    func append(_ buffer: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix(.output, .write, path, "write")
            }
            done += n
        }
    }

    func sync() throws {
        guard fsync(fd) == 0 else { throw StoreError.posix(.output, .sync, path, "fsync") }
    }

    func truncate(to length: Int64) throws {
        guard ftruncate(fd, off_t(length)) == 0 else { throw StoreError.posix(.output, .truncate, path, "ftruncate") }
    }
}

/// Small durable-filesystem steps used by sealing and manifests.
enum Durable {
    /// fsync a directory so a rename or create in it survives a power loss.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.posix(.output, .sync, path, "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.posix(.output, .sync, path, "fsync directory") }
    }

    static func renameFile(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else { throw StoreError.posix(.output, .rename, from, "rename to \(to)") }
    }

    /// Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it over `path` and
    /// fsyncs the directory: readers see the old file or the new one, never half of one.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = path + ".tmp"
        do {
            let f = try OutputFile(appendingTo: temp, truncating: true)
            try f.append(bytes)
            try f.sync()
            try renameFile(temp, to: path)
        } catch {
            // A full disk must not leave a half-written or empty temp file behind.
            unlink(temp)
            throw error
        }
        try syncDirectory(dir)
    }

    /// Cuts a file to `length` through a descriptor opened without following links.
    static func truncateFile(_ path: String, to length: Int64) throws {
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(output: .truncate, path: path, detail: "open: " + FileModes.openFailure(errno)) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(length)) == 0 else { throw StoreError.posix(.output, .truncate, path, "ftruncate") }
    }

    /// Size of the directory entry itself (`lstat`: a link is not followed).
    static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        return lstat(path, &st) == 0 ? Int64(st.st_size) : nil
    }

    static func exists(_ path: String) -> Bool { fileSize(path) != nil }

    /// Calls `body` with the file's bytes, 1 MiB at a time.
    static func forEachChunk(of path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(output: .read, path: path, detail: "open: " + FileModes.openFailure(errno)) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix(.output, .read, path, "read")
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// The names in a directory (without `.` and `..`), nil when `path` is not a directory or
    /// is gone; any other failure (permissions, IO) is an error naming the directory.
    static func entries(of path: String) throws -> [String]? {
        guard let dir = opendir(path) else {
            if errno == ENOTDIR || errno == ENOENT { return nil }
            throw StoreError.posix(.output, .read, path, "opendir")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw StoreError.posix(.output, .read, path, "readdir") }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// Removes a file if it exists (ENOENT is not an error: the step may have been done before a crash).
    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw StoreError.posix(.output, .rename, path, "unlink") }
    }
}
