import CLibXML2
/// Finds a `<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">` in the
/// first bytes of a page, the way the HTML prescan does (comments skipped, attributes in any
/// order and quoting), but reading up to `limit` bytes or `</head>` rather than only 1024.
enum MetaPrescan {
    static func charsetLabel(in bytes: [UInt8], limit: Int) -> String? {
        let end = min(bytes.count, limit)
        var i = 0
        while i < end {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            if matches(bytes, i, "<!--", end) {
                i = find(bytes, "-->", from: i + 4, end: end).map { $0 + 3 } ?? end
                continue
            }
            if matches(bytes, i, "</head", end) { return nil }
            if matches(bytes, i, "<meta", end), i + 5 < end, isSpaceOrSlash(bytes[i + 5]) {
                var attrs: [String: String] = [:]
                i = parseAttributes(bytes, from: i + 5, end: end, into: &attrs)
                if let cs = attrs["charset"], !cs.isEmpty { return cs }
                if attrs["http-equiv"]?.lowercased() == "content-type", let content = attrs["content"],
                   let cs = charset(inContent: content) {
                    return cs
                }
                continue
            }
            i += 1
        }
        return nil
    }

    /// The offset just past the first `</head>` (any case), or nil.
    static func headEnd(in bytes: [UInt8]) -> Int? {
        guard let start = find(bytes, "</head", from: 0, end: bytes.count) else { return nil }
        return find(bytes, ">", from: start + 6, end: bytes.count).map { $0 + 1 }
    }

    /// `text/html; charset=euc-kr` → `euc-kr`.
    static func charset(inContent content: String) -> String? {
        let lower = content.lowercased()
        guard let r = lower.range(of: "charset") else { return nil }
        var rest = lower[r.upperBound...].drop(while: { $0 == " " })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\"" || $0 == "'" })
        let value = rest.prefix(while: { !($0 == ";" || $0 == " " || $0 == "\"" || $0 == "'") })
        return value.isEmpty ? nil : String(value)
    }

    private static func parseAttributes(_ b: [UInt8], from start: Int, end: Int, into attrs: inout [String: String]) -> Int {
        var i = start
        while i < end {
            while i < end, isSpaceOrSlash(b[i]) { i += 1 }
            guard i < end else { return end }
            if b[i] == UInt8(ascii: ">") { return i + 1 }
            let nameStart = i
            while i < end, !isSpaceOrSlash(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">") { i += 1 }
            let name = String(decoding: b[nameStart..<i], as: UTF8.self).lowercased()
            while i < end, isSpace(b[i]) { i += 1 }
            var value = ""
            if i < end, b[i] == UInt8(ascii: "=") {
                i += 1
                while i < end, isSpace(b[i]) { i += 1 }
                if i < end, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
                    let q = b[i]
                    let vStart = i + 1
                    i = vStart
                    while i < end, b[i] != q { i += 1 }
                    value = String(decoding: b[vStart..<min(i, end)], as: UTF8.self)
                    i += 1
                } else {
                    let vStart = i
                    while i < end, !isSpace(b[i]), b[i] != UInt8(ascii: ">") { i += 1 }
                    value = String(decoding: b[vStart..<i], as: UTF8.self)
                }
            }
            if !name.isEmpty, attrs[name] == nil { attrs[name] = value.trimmingASCIIWhitespaceAndQuotes() }
        }
        return end
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
    private static func isSpaceOrSlash(_ c: UInt8) -> Bool { isSpace(c) || c == UInt8(ascii: "/") }

    private static func matches(_ b: [UInt8], _ at: Int, _ s: StaticString, _ end: Int) -> Bool {
        let n = s.utf8CodeUnitCount
        guard at + n <= end else { return false }
        return s.withUTF8Buffer { p in
            for k in 0..<n where asciiLower(b[at + k]) != p[k] { return false }
            return true
        }
    }

    private static func find(_ b: [UInt8], _ s: StaticString, from: Int, end: Int) -> Int? {
        var i = from
        while i < end {
            if matches(b, i, s, end) { return i }
            i += 1
        }
        return nil
    }

    private static func asciiLower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
}

enum UTF8Validation {
    /// True when `bytes` is well-formed UTF-8; a sequence cut off by the end of the buffer counts
    /// as valid, since a truncated download must not flip the charset decision.
    /// (`gl_utf8_is_valid` in the CLibXML2 shim: it reads every byte of every page.)
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { gl_utf8_is_valid($0.baseAddress, $0.count) != 0 }
    }

    static func hasNonASCII(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 >= 0x80 } }
}
