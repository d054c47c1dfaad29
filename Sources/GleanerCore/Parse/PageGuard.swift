/// Refuses pages that are not HTML worth parsing, before libxml2 sees them.
enum PageGuard {
    /// `gzipAllowed`: a gzip body passes (an XML page kind inflates it within its limit).
    static func check(_ page: Page, maxBytes: Int, gzipAllowed: Bool = false) throws {
        let b = page.body
        if b.count > maxBytes {
            throw ParseError(kind: .tooLarge, url: page.url,
                             detail: "page is \(b.count) bytes, over the parser's limit of \(maxBytes) bytes (site.max_page_bytes)")
        }
        if b.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }) {
            throw ParseError(kind: .emptyBody, url: page.url, detail: b.isEmpty ? "page is empty (0 bytes)" : "page holds only whitespace")
        }
        if !(gzipAllowed && GzipInflate.isGzip(b)), looksBinary(b) { throw binary(page.url) }
    }

    static func binary(_ url: String) -> ParseError {
        ParseError(kind: .binary, url: url,
                   detail: "page is not text (NUL or control bytes in its first 4 KiB); an image, archive or compressed body?")
    }

    /// NUL bytes or more than 5 % C0 control bytes in the first 4 KiB. UTF-16 with a BOM is text.
    static func looksBinary(_ b: [UInt8]) -> Bool {
        if Charset.byteOrderMark(b)?.name.hasPrefix("UTF-16") == true { return false }
        let head = b.prefix(4096)
        var controls = 0
        for c in head {
            if c == 0 { return true }
            if c < 0x20, c != 0x09, c != 0x0A, c != 0x0D, c != 0x0C, c != 0x1B { controls += 1 }
        }
        return controls * 20 > head.count
    }
}
