import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a subtree into visible text the way a reader sees it.
///
/// Dropped: `script`, `style`, `noscript`, `iframe`, `template`, `head`, comments, elements
/// with an inline `display:none` (or `hidden`), and nodes the caller asks to skip (e.g. figure
/// captions inside an article body). Block elements and `<br>` end a paragraph. Runs of ASCII
/// whitespace become one space; U+00A0 (`&nbsp;`) is kept as the page wrote it, but a paragraph
/// holding nothing else is blank.
enum TextExtractor {
    // Which elements are dropped and which end a paragraph: `gl_html_text_role` in the
    // CLibXML2 shim (script, style, noscript, iframe, template, head, … / p, div, br, li, h1–h6, …).

    /// - Parameter limit: stop after this many paragraphs (a field that keeps only the first
    ///   paragraph, like a byline, need not walk the whole article).
    static func paragraphs(of root: xmlNodePtr, skipping skip: Set<UnsafeMutableRawPointer>, limit: Int = .max) -> [String] {
        var b = ParagraphBuilder()
        b.limit = limit
        walkChildren(of: root, skip: skip, into: &b)
        b.breakParagraph()
        return b.paragraphs
    }

    private static func walkChildren(of node: xmlNodePtr, skip: Set<UnsafeMutableRawPointer>, into b: inout ParagraphBuilder) {
        var child = node.pointee.children
        while let c = child, !b.isFull {
            walk(c, skip: skip, into: &b)
            child = c.pointee.next
        }
    }

    private static func walk(_ node: xmlNodePtr, skip: Set<UnsafeMutableRawPointer>, into b: inout ParagraphBuilder) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let c = node.pointee.content { b.appendText(c) }
        case XML_ELEMENT_NODE:
            if !skip.isEmpty, skip.contains(UnsafeMutableRawPointer(node)) { return }
            let role = gl_html_text_role(node.pointee.name)
            if role == 2 || isHidden(node) { return }
            let block = role == 1
            if block { b.breakParagraph() }
            walkChildren(of: node, skip: skip, into: &b)
            if block { b.breakParagraph() }
        case XML_ENTITY_REF_NODE:
            walkChildren(of: node, skip: skip, into: &b)
        default:
            return
        }
    }

    /// Inline `style="display:none"` or the `hidden` attribute.
    static func isHidden(_ node: xmlNodePtr) -> Bool {
        if xmlHasProp(node, "hidden") != nil { return true }
        guard let style = xmlGetProp(node, "style") else { return false }
        defer { gl_xml_free(style) }
        var compact = [UInt8]()
        var p = style
        while p.pointee != 0 {
            let c = p.pointee
            if c != 0x20, c != 0x09, c != 0x0A, c != 0x0D { compact.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c) }
            p += 1
        }
        let needle = Array("display:none".utf8)
        guard compact.count >= needle.count else { return false }
        for i in 0...(compact.count - needle.count) where compact[i] == needle[0] {
            if Array(compact[i..<(i + needle.count)]) == needle {
                // `xdisplay:none` is some other property.
                if i == 0 || compact[i - 1] == UInt8(ascii: ";") { return true }
            }
        }
        return false
    }

    /// Whitespace-collapsed single line (ASCII whitespace only; U+00A0 kept), trimmed.
    static func collapse(_ s: String) -> String {
        var b = ParagraphBuilder()
        s.withCString { p in
            p.withMemoryRebound(to: UInt8.self, capacity: 1) { b.appendText($0) }
        }
        b.breakParagraph()
        return b.paragraphs.joined(separator: " ")
    }

    /// Empty or only whitespace and U+00A0.
    static func isBlank(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0 == " " || $0 == "\u{A0}" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
    }
}

/// Accumulates UTF-8 bytes of the current paragraph with whitespace collapsed.
struct ParagraphBuilder {
    var paragraphs: [String] = []
    var limit = Int.max
    var isFull: Bool { paragraphs.count >= limit }
    private var current: [UInt8] = []
    private var pendingSpace = false
    private var hasVisible = false

    mutating func appendText(_ p: UnsafePointer<UInt8>) {
        appendText(UnsafeBufferPointer(start: p, count: strlen(p)))
    }

    mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        guard let p = text.baseAddress else { return }
        let n = text.count
        var i = 0
        while i < n {
            if Self.isSpace(p[i]) {
                if !current.isEmpty { pendingSpace = true }
                i += 1
                continue
            }
            // Words joined by single spaces (the usual text) are copied as one segment: the
            // collapsed form of such a run is the run itself.
            let start = i
            i = Self.endOfRun(p, from: i, count: n)
            while i + 1 < n, p[i] == 0x20, !Self.isSpace(p[i + 1]) { i = Self.endOfRun(p, from: i + 1, count: n) }
            if pendingSpace { current.append(0x20); pendingSpace = false }
            if !hasVisible {
                // U+00A0 is C2 A0 in UTF-8; a paragraph of only those (and spaces) is a spacer.
                // An A0 byte after anything but C2 belongs to another character (visible).
                var prev = current.last
                var r = start
                while r < i, !hasVisible {
                    let b = p[r]
                    if b != 0xC2 && b != 0xA0 && b != 0x20 { hasVisible = true } else if b == 0xA0, let pr = prev, pr != 0xC2 { hasVisible = true }
                    prev = b
                    r += 1
                }
            }
            current.append(contentsOf: UnsafeBufferPointer(start: p + start, count: i - start))
        }
    }

    /// Index of the first whitespace byte at or after `i`, or `n`. Eight bytes a step while
    /// none is below 0x21 (exact for any byte values): words are long, Korean text is all
    /// bytes >= 0x80, and this runs over every byte of visible text.
    private static func endOfRun(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Int {
        var i = start
        while i + 8 <= n {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if (w &- 0x2121_2121_2121_2121) & ~w & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n, !isSpace(p[i]) { i += 1 }
        return i
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }

    mutating func breakParagraph() {
        defer { current.removeAll(keepingCapacity: true); pendingSpace = false; hasVisible = false }
        guard hasVisible else { return }
        let s = String(decoding: current, as: UTF8.self)
        paragraphs.append(Self.trimNBSP(s))
    }

    /// Leading and trailing U+00A0 are invisible padding; inner ones are the page's text.
    private static func trimNBSP(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard scalars.first == "\u{A0}" || scalars.last == "\u{A0}" else { return s }
        var sub = Substring(s)
        while let f = sub.unicodeScalars.first, f == "\u{A0}" || f == " " { sub = Substring(sub.unicodeScalars.dropFirst()) }
        while let l = sub.unicodeScalars.last, l == "\u{A0}" || l == " " { sub = Substring(sub.unicodeScalars.dropLast()) }
        return String(sub)
    }
}
