#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GleanerStore
import CZlib

/// Reads a gzip file through a zlib inflate stream, chunk by chunk (concatenated members are
/// read one after the other, as `gzip -dc` does). A corrupt or truncated file is an error naming
/// the file and zlib's reason. Owns the `z_stream` and the descriptor; both are freed in `deinit`.
public final class GzipReader {
    public let path: String
    private let fd: Int32
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer

    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.posix(.output, .read, path, "open") }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = gl_inflate_init_gzip(stream)
        guard rc == Z_OK else {
            let error = StoreError.zlib(path, "inflateInit2", rc, stream)
            stream.deallocate()
            close(fd)
            throw error
        }
        self.path = path
        self.fd = fd
        self.stream = stream
        self.input = .allocate(byteCount: 1 << 16, alignment: 1)
        self.output = .allocate(byteCount: 1 << 18, alignment: 1)
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
        close(fd)
    }

    /// Calls `body` with each run of decompressed bytes, in order, until the end of the file.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var inMember = false  // inside a gzip member whose end has not been seen
        var sawInput = false
        while true {
            let n = read(fd, input.baseAddress!, input.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix(.output, .read, path, "read")
            }
            if n == 0 { break }
            sawInput = true
            stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(n)
            while true {
                if !inMember {
                    guard stream.pointee.avail_in > 0 else { break }
                    // A new member starts (the first, or one concatenated after the last).
                    let rc = inflateReset(stream)
                    guard rc == Z_OK else { throw StoreError.zlib(path, "inflateReset", rc, stream) }
                    inMember = true
                }
                stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(output.count)
                let rc = inflate(stream, Z_NO_FLUSH)
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                    throw StoreError.zlib(path, "inflate", rc, stream)
                }
                let produced = output.count - Int(stream.pointee.avail_out)
                if produced > 0 { try body(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
                if rc == Z_STREAM_END {
                    inMember = false
                    continue
                }
                // inflate stops early only when the output is full; otherwise it wants more input.
                if rc == Z_BUF_ERROR || stream.pointee.avail_out != 0 { break }
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        if inMember || !sawInput {
            throw StoreError(output: .compress, path: path, detail: "inflate: unexpected end of file (truncated gzip)")
        }
    }

    /// The whole decompressed content (for small files and tests).
    public func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        try forEachChunk { all.append(contentsOf: $0) }
        return all
    }
}
