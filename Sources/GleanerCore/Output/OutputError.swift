import CZlib
import Foundation

/// An output-file failure: what was being done, to which file, and the system's reason.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case open, write, sync, truncate, rename, read, manifest
        /// gzip of a sealed file (or reading one back) failed; `detail` carries zlib's message.
        case compress
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

    /// A zlib failure: the call, zlib's own message (`z_stream.msg`, else `zError`) and its code.
    static func zlib(_ path: String, _ call: String, _ code: Int32, _ stream: UnsafeMutablePointer<z_stream>) -> OutputError {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? String(cString: zError(code))
        return OutputError(kind: .compress, path: path, detail: "\(call): \(message) (zlib \(code))")
    }

    public var description: String { "output \(kind.rawValue) failed: \(detail) - \(path)" }
}
