import Foundation

/// An output-file failure: what was being done, to which file, and the system's reason.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case open, write, sync, truncate, rename, read, manifest
        /// A commit failed earlier; the pipeline recovers before accepting more.
        case recovering
    }

    public var kind: Kind
    public var path: String
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// From the current `errno`.
    static func posix(_ kind: Kind, _ path: String, _ call: String) -> OutputError {
        let code = errno
        return OutputError(kind: kind, path: path, detail: "\(call): \(String(cString: strerror(code))) (errno \(code))")
    }

    public var description: String { "output \(kind.rawValue) failed: \(detail) - \(path)" }
}
