import Foundation

/// A failure of gleaner's storage: the state database or an output file. One shape for both
/// stages: what was being done, to which file, and the system's (or SQLite's, or zlib's) reason.
/// Prints as "state store query failed: <reason> - <file>" or "output write failed: <reason> - <file>".
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// Which part of the storage failed.
    public enum Area: String, Sendable {
        /// The state database (`StateStore`), its directory and lock.
        case state = "state store"
        /// The output files (`OutputPipeline`): JSON Lines, manifests, gzip.
        case output
    }

    public enum Kind: String, Sendable {
        /// The database or a file could not be opened, created or migrated.
        case open
        /// A database read or write failed.
        case query
        /// The database was written by a newer gleaner.
        case schema
        /// Another process writes to the same directory (`DirectoryLock`).
        case lock
        /// The database file is damaged (`PRAGMA quick_check` or SQLite itself says so).
        case damaged
        /// The state database and the output directory do not belong together (`StatePairing`).
        case pairing
        /// File steps of the output stage.
        case write, sync, truncate, rename, read, manifest
        /// gzip of a sealed file (or reading one back) failed; `detail` carries zlib's message.
        case compress
        /// A commit failed earlier; the pipeline recovers before accepting more.
        case recovering
    }

    public var area: Area
    public var kind: Kind
    public var path: String
    public var detail: String

    /// A failure of the state database (or its directory).
    public init(kind: Kind, path: String, detail: String) {
        self.init(.state, kind, path: path, detail: detail)
    }

    /// A failure of an output file.
    public init(output kind: Kind, path: String, detail: String) {
        self.init(.output, kind, path: path, detail: detail)
    }

    public init(_ area: Area, _ kind: Kind, path: String, detail: String) {
        self.area = area
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// From the current `errno`: "`call`: <strerror> (errno N)".
    package static func posix(_ area: Area, _ kind: Kind, _ path: String, _ call: String) -> StoreError {
        let code = errno
        return StoreError(area, kind, path: path, detail: "\(call): \(String(cString: strerror(code))) (errno \(code))")
    }

    public var description: String {
        switch kind {
        case .lock: "\(path): \(detail)"
        case .damaged: "state database \(path) is damaged: \(detail)"
        case .pairing: detail
        default: "\(area.rawValue) \(kind.rawValue) failed: \(detail) - \(path)"
        }
    }
}
