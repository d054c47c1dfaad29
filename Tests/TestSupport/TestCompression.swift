import CTestCompression

/// gzip and brotli encoders for test routes (zlib and libbrotlienc, installed by `make deps`).
public enum TestCompression {
    public static func gzip(_ input: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: gl_test_gzip_bound(input.count))
        let length = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { gl_test_gzip(source.baseAddress, source.count, $0.baseAddress, $0.count) }
        }
        precondition(length > 0, "gzip failed")
        return Array(output.prefix(length))
    }

    public static func brotli(_ input: [UInt8]) -> [UInt8] {
        var length = BrotliEncoderMaxCompressedSize(input.count)
        var output = [UInt8](repeating: 0, count: length)
        let ok = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer {
                BrotliEncoderCompress(5, 22, BROTLI_MODE_TEXT, source.count, source.baseAddress, &length, $0.baseAddress)
            }
        }
        precondition(ok == 1, "brotli failed")
        return Array(output.prefix(length))
    }
}
