import CLibXML2

/// The contents of `script` and `style` elements, dropped from a page before libxml2 reads it.
///
/// They are a sixth of an article page's bytes, and libxml2 2.9 reads them one character at a
/// time into text nodes that visible-text extraction skips anyway. The elements themselves stay
/// (empty), so the tree is libxml2's own without those text nodes. The scan in C
/// (`gl_html_elide_raw_text`) follows libxml2's tokenizer and leaves the whole page alone
/// wherever it would not know for sure where such an element ends; a test parses thousands of
/// tricky pages both ways and compares the trees.
enum RawText {
    /// Drops script and style contents from UTF-8 page bytes, in place.
    static func drop(from bytes: inout [UInt8]) {
        let kept = bytes.withUnsafeMutableBufferPointer { b -> Int in
            guard let base = b.baseAddress else { return 0 }
            return gl_html_elide_raw_text(base, b.count)
        }
        if kept < bytes.count { bytes.removeLast(bytes.count - kept) }
    }
}
