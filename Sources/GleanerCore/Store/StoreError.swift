import Foundation

/// A state-store failure, with the database file and a sentence for humans.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// The database could not be opened or migrated.
        case open
        /// A read or write failed.
        case query
        /// The database was written by a newer gleaner.
        case schema
        /// Another process writes to the same directory (`DirectoryLock`).
        case lock
        /// The database file is damaged (`PRAGMA quick_check` or SQLite itself says so).
        case damaged
        /// The state database and the output directory do not belong together (`StatePairing`).
        case pairing
    }

    public var kind: Kind
    public var path: String
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .lock: "\(path): \(detail)"
        case .damaged: "state database \(path) is damaged: \(detail)"
        case .pairing: detail
        default: "state store \(kind.rawValue) failed: \(detail) - \(path)"
        }
    }
}
