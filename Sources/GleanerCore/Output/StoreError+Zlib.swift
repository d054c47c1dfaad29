import CZlib
import GleanerStore

extension StoreError {
    /// A zlib failure of an output file: the call, zlib's own message (`z_stream.msg`, else
    /// `zError`) and its code.
    static func zlib(_ path: String, _ call: String, _ code: Int32, _ stream: UnsafeMutablePointer<z_stream>) -> StoreError {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? String(cString: zError(code))
        return StoreError(output: .compress, path: path, detail: "\(call): \(message) (zlib \(code))")
    }
}
