import Foundation
import GleanerStore
#if canImport(Glibc)
import Glibc
#endif

/// Whether a gleaner process (the daemon, or a `gleaner once`) writes to a state directory:
/// the writer holds an `flock` on its `.gleaner.lock` (`DirectoryLock`). Read from the kernel's
/// lock table (`/proc/locks`) without taking the lock, so asking can never make a starting
/// daemon find the directory busy.
public enum WriterProbe {
    public enum Answer: Sendable, Equatable {
        /// A process holds the lock: its pid and, when readable, its command line.
        case running(pid: Int32, command: String?)
        /// Nobody holds the lock (or there is no lock file: nothing ever wrote here).
        case notRunning
        /// The kernel's lock table could not be read: the reason.
        case unknown(String)
    }

    /// Who holds `<directory>/.gleaner.lock`. `locksFile` is for tests.
    public static func probe(directory: String, locksFile: String = "/proc/locks") -> Answer {
        let path = directory + "/" + DirectoryLock.fileName
        var st = stat()
        guard stat(path, &st) == 0 else { return .notRunning }
        guard let table = try? String(contentsOfFile: locksFile, encoding: .utf8) else {
            return .unknown("cannot read \(locksFile)")
        }
        let dev = UInt64(st.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff))
        let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
        let exact = String(format: "%02llx:%02llx:%llu", major, minor, UInt64(st.st_ino))
        // `1: FLOCK  ADVISORY  WRITE 1234 fe:00:16223064 0 EOF`; waiters (`->`) hold nothing.
        var byInode: Int32?
        for line in table.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", let pid = Int32(fields[4]) else { continue }
            if fields[5] == exact { return .running(pid: pid, command: command(of: pid)) }
            // Some filesystems (overlays) report another device number than stat(2) does.
            if fields[5].hasSuffix(":\(st.st_ino)") { byInode = pid }
        }
        return byInode.map { .running(pid: $0, command: command(of: $0)) } ?? .notRunning
    }

    /// `gleaner run --config /etc/gleaner/gleaner.toml`, from /proc (nil when hidden).
    static func command(of pid: Int32) -> String? {
        guard pid > 0, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        var parts = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        if let first = parts.first { parts[0] = (first as NSString).lastPathComponent }
        return parts.joined(separator: " ")
    }

    /// For a person: `running: pid 1234 (gleaner run --config …)`.
    public static func describe(_ answer: Answer, directory: String) -> String {
        switch answer {
        case .running(let pid, let command):
            "running: pid \(pid)" + (command.map { " (\($0))" } ?? "") + " writes to \(directory)"
        case .notRunning:
            "not running: no gleaner process writes to \(directory)"
        case .unknown(let reason):
            "unknown: \(reason)"
        }
    }
}
