#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts page bytes to valid UTF-8 with iconv; undecodable bytes become U+FFFD one at a
/// time, so one bad byte never loses the rest of the page.
enum CharsetConverter {
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// `toUTF8` of a whole page: valid UTF-8 (most pages) comes back as the same array, not a
    /// copy of 80 KB.
    static func toUTF8(_ input: [UInt8], from charset: String) -> (bytes: [UInt8], replaced: Int) {
        if charset == "UTF-8", UTF8Validation.isValid(input), !input.isEmpty, !endsInPartialSequence(input) { return (input, 0) }
        return toUTF8(input[...], from: charset)
    }

    /// Returns UTF-8 bytes and how many input bytes were replaced.
    static func toUTF8(_ input: ArraySlice<UInt8>, from charset: String) -> (bytes: [UInt8], replaced: Int) {
        if input.isEmpty { return ([], 0) }
        if charset == "UTF-8" { return repairUTF8(input) }
        guard let cd = Optional(iconv_open("UTF-8", charset)), cd != iconv_t(bitPattern: -1) else {
            // Unknown to iconv: read it as UTF-8 rather than fail the page.
            return repairUTF8(input)
        }
        defer { iconv_close(cd) }
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 2 + 16)
        var replaced = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        input.withUnsafeBufferPointer { inBuf in
            var inPtr = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(inBuf.baseAddress!)
                .assumingMemoryBound(to: CChar.self))
            var inLeft = inBuf.count
            while inLeft > 0 {
                let (rc, err, produced) = chunk.withUnsafeMutableBufferPointer { cb -> (Int, Int32, Int) in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(cb.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = cb.count
                    var ip: UnsafeMutablePointer<CChar>? = inPtr
                    let r = iconv(cd, &ip, &inLeft, &outPtr, &outLeft)
                    let e = errno
                    inPtr = ip!
                    return (r, e, cb.count - outLeft)
                }
                out.append(contentsOf: chunk[0..<produced])
                if rc != -1 { break }
                switch err {
                case E2BIG:
                    continue
                case EILSEQ, EINVAL:
                    // Invalid or truncated sequence: replace one byte and go on.
                    out.append(contentsOf: replacement)
                    replaced += 1
                    inPtr += 1
                    inLeft -= 1
                default:
                    inLeft = 0
                }
            }
        }
        return (out, replaced)
    }

    /// UTF-8 input with any invalid bytes replaced by U+FFFD.
    static func repairUTF8(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], replaced: Int) {
        let array = Array(input)
        if UTF8Validation.isValid(array), !endsInPartialSequence(array) { return (array, 0) }
        let s = String(decoding: array, as: UTF8.self)
        func replacements<S: Sequence>(_ scalars: S) -> Int where S.Element == Unicode.Scalar {
            scalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        }
        let original = array.withUnsafeBufferPointer { b -> Int in
            var n = 0, i = 0
            while i + 2 < b.count { if b[i] == 0xEF, b[i + 1] == 0xBF, b[i + 2] == 0xBD { n += 1; i += 3 } else { i += 1 } }
            return n
        }
        return (Array(s.utf8), max(replacements(s.unicodeScalars) - original, 1))
    }

    private static func endsInPartialSequence(_ b: [UInt8]) -> Bool {
        // Walk back over continuation bytes to the last lead byte and check its length.
        var i = b.count - 1
        var cont = 0
        while i >= 0, b[i] & 0xC0 == 0x80, cont < 4 { i -= 1; cont += 1 }
        guard i >= 0 else { return cont > 0 }
        let lead = b[i]
        let need: Int
        switch lead {
        case 0x00..<0x80: need = 0
        case 0xC0..<0xE0: need = 1
        case 0xE0..<0xF0: need = 2
        default: need = 3
        }
        return cont < need
    }
}
