import CLibXML2

/// The contents of `script` and `style` elements, dropped from a page before libxml2 reads it.
///
/// They are a sixth of an article page's bytes, and libxml2 2.9 reads them one character at a
/// time into text nodes that visible-text extraction skips anyway. The elements themselves stay
/// (empty), so the tree is libxml2's own without those text nodes. The scan in C
/// (`gl_html_without_raw_text`) follows libxml2's tokenizer and leaves the whole page alone
/// wherever it would not know for sure where such an element ends; a test parses thousands of
/// tricky pages both ways and compares the trees.
enum RawText {
    /// UTF-8 page bytes without script and style contents, in a buffer from libxml2's allocator
    /// (the caller frees it with `gl_xml_free`), or nil when there is nothing to drop.
    static func without(_ bytes: [UInt8]) -> UnsafeMutableBufferPointer<UInt8>? {
        LibXML2.prepare()  // the buffer comes from xmlMalloc
        return bytes.withUnsafeBufferPointer { b -> UnsafeMutableBufferPointer<UInt8>? in
            guard let base = b.baseAddress else { return nil }
            var length = 0
            guard let out = gl_html_without_raw_text(base, b.count, &length) else { return nil }
            return UnsafeMutableBufferPointer(start: out, count: length)
        }
    }
}
