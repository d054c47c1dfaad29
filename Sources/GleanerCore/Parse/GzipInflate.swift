import CZlib

/// Decompresses a gzip body held in memory (a `.xml.gz` sitemap, a feed served as
/// `application/gzip`), refusing output past a size limit as it inflates: a gzip bomb costs at
/// most `maxBytes` of memory, never its full expansion.
enum GzipInflate {
    /// True when `bytes` start with the gzip magic number (1f 8b).
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed bytes of every gzip member in `bytes`.
    /// - Throws: `ParseError` `.tooLarge` past `maxBytes` of output, `.malformed` for a corrupt
    ///   or truncated stream (with zlib's reason).
    static func inflate(_ bytes: [UInt8], maxBytes: Int, url: String) throws -> [UInt8] {
        let stream = ZStream()
        guard stream.ready else {
            throw ParseError(kind: .malformed, url: url, detail: "gzip: zlib could not start an inflate stream")
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try bytes.withUnsafeBufferPointer { input in
            let z = stream.pointer
            z.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            z.pointee.avail_in = uInt(input.count)
            var inMember = true
            while true {
                if !inMember {
                    // Concatenated members are read one after the other, as `gzip -dc` does.
                    guard z.pointee.avail_in > 0 else { break }
                    guard inflateReset(z) == Z_OK else {
                        throw ParseError(kind: .malformed, url: url, detail: "gzip: \(stream.message ?? "inflateReset failed")")
                    }
                    inMember = true
                }
                let rc = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    z.pointee.next_out = buffer.baseAddress
                    z.pointee.avail_out = uInt(buffer.count)
                    return CZlib.inflate(z, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(z.pointee.avail_out)
                if out.count + produced > maxBytes {
                    throw ParseError(kind: .tooLarge, url: url,
                                     detail: "gzip content inflates to more than \(maxBytes) bytes (the limit)")
                }
                out.append(contentsOf: chunk[0..<produced])
                switch rc {
                case Z_STREAM_END:
                    inMember = false
                case Z_OK:
                    continue
                case Z_BUF_ERROR where z.pointee.avail_in == 0:
                    throw ParseError(kind: .malformed, url: url, detail: "gzip: unexpected end of data (truncated)")
                default:
                    throw ParseError(kind: .malformed, url: url, detail: "gzip: \(stream.message ?? "inflate error \(rc)")")
                }
            }
            z.pointee.next_in = nil
            z.pointee.next_out = nil
        }
        return out
    }
}

/// Owns one zlib inflate stream for gzip input and ends it in `deinit`.
private final class ZStream {
    let pointer: UnsafeMutablePointer<z_stream>
    let ready: Bool

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        ready = gl_inflate_init_gzip(pointer) == Z_OK
    }

    var message: String? { pointer.pointee.msg.map { String(cString: $0) } }

    deinit {
        if ready { inflateEnd(pointer) }
        pointer.deallocate()
    }
}
