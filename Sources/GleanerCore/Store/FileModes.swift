import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The modes gleaner creates its files and directories with, whatever the umask (a umask can
/// only take bits away): the owner writes, the group reads (consumers in the `gleaner` group,
/// as the systemd unit's `UMask=0027` intends), others get nothing.
public enum FileModes {
    /// Directories: rwxr-x---.
    public static let directory: mode_t = 0o750
    /// Output files, manifests, markers, the lock and the state database: rw-r-----.
    public static let file: mode_t = 0o640

    /// `mkdir -p` with `directory` mode for each component it creates; existing ones are left as
    /// they are (an operator's or systemd's `StateDirectoryMode=` wins).
    public static func createDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw StoreError(kind: .open, path: path, detail: "exists and is not a directory")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createDirectory(parent) }
        guard mkdir(path, directory) == 0 || errno == EEXIST else {
            let code = errno
            throw StoreError(kind: .open, path: path, detail: "cannot create directory: \(String(cString: strerror(code))) (errno \(code))")
        }
    }

    /// Text for an `open` that failed with `code`: ELOOP under O_NOFOLLOW means a symbolic link
    /// stood where gleaner's own file belongs.
    public static func openFailure(_ code: Int32) -> String {
        code == ELOOP ? "is a symbolic link; gleaner does not follow links to its own files (remove it)"
            : "\(String(cString: strerror(code))) (errno \(code))"
    }
}
