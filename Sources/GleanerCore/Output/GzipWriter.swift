import GleanerStore
import CZlib

/// Writes a gzip file (one member, header time 0, so the same input always gives the same bytes)
/// through a zlib deflate stream. Owns the `z_stream`; `deflateEnd` runs in `deinit`. Not
/// `Sendable`: the pipeline's lock holder uses it and drops it.
final class GzipWriter {
    let path: String
    private let file: OutputFile
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer

    /// Creates (or empties) `path`. `level` is zlib's 0…9; the default is zlib's own (6).
    init(creating path: String, level: Int32 = Z_DEFAULT_COMPRESSION) throws {
        let file = try OutputFile(appendingTo: path, truncating: true)
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = gl_deflate_init_gzip(stream, level)
        guard rc == Z_OK else {
            let error = StoreError.zlib(path, "deflateInit2", rc, stream)
            stream.deallocate()
            throw error
        }
        self.path = path
        self.file = file
        self.stream = stream
        self.output = .allocate(byteCount: 1 << 16, alignment: 1)
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Compresses `bytes`, writing whatever deflate emits so far.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try pump(bytes, flush: Z_NO_FLUSH)
    }

    /// Ends the gzip member (CRC and length trailer) and fsyncs the file.
    func finish() throws {
        try pump(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        try file.sync()
    }

    /// zlib's loop: feed all input, drain output until deflate leaves room (or the stream ends).
    private func pump(_ input: UnsafeRawBufferPointer, flush: Int32) throws {
        // zlib takes a non-const pointer but does not write through next_in.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let rc = deflate(stream, flush)
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw StoreError.zlib(path, "deflate", rc, stream)
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try file.append(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.pointee.avail_out != 0 {
                return  // all input consumed, output not full: deflate needs more input
            }
        }
    }
}
