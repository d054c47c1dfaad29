import CLibXML2

/// A node inside an `HTMLDocument`; keeps the document alive.
public struct HTMLNode {
    let ptr: xmlNodePtr
    public let document: HTMLDocument

    init(_ ptr: xmlNodePtr, in document: HTMLDocument) {
        self.ptr = ptr
        self.document = document
    }

    public var isElement: Bool { ptr.pointee.type == XML_ELEMENT_NODE }
    public var isAttribute: Bool { ptr.pointee.type == XML_ATTRIBUTE_NODE }

    /// Lower-case element name (`p`, `div`), or nil for text, attribute and document nodes.
    public var name: String? {
        guard isElement, let n = ptr.pointee.name else { return nil }
        return String(cString: n)
    }

    public func attribute(_ name: String) -> String? {
        guard isElement, let v = xmlGetProp(ptr, name) else { return nil }
        defer { gl_xml_free(v) }
        return String(cString: v)
    }

    /// Everything libxml2 counts as the node's text (XPath string-value), hidden parts included.
    public var rawText: String {
        // An attribute's value is usually one text node: read it in place (every href of a page).
        if isAttribute, let t = ptr.pointee.children, t.pointee.next == nil, t.pointee.type == XML_TEXT_NODE {
            return t.pointee.content.map { String(cString: $0) } ?? ""
        }
        guard let c = xmlNodeGetContent(ptr) else { return "" }
        defer { gl_xml_free(c) }
        return String(cString: c)
    }

    /// Visible text on one line: scripts, styles and hidden elements dropped, whitespace
    /// collapsed (U+00A0 kept), block boundaries become a single space.
    public var text: String {
        if !isElement && ptr.pointee.type != XML_DOCUMENT_NODE && ptr.pointee.type != XML_HTML_DOCUMENT_NODE {
            return TextExtractor.collapse(rawText)
        }
        return TextExtractor.paragraphs(of: ptr, skipping: []).joined(separator: " ")
    }

    /// Visible text as paragraphs: `<p>`, `<br>` and block elements end a paragraph; blank and
    /// `&nbsp;`-only paragraphs are dropped.
    public func paragraphs(skipping nodes: [HTMLNode] = []) -> [String] {
        paragraphs(skipping: Set(nodes.map(\.opaque)))
    }

    func paragraphs(skipping skip: Set<UnsafeMutableRawPointer>, limit: Int = .max) -> [String] {
        if !isElement && ptr.pointee.type != XML_DOCUMENT_NODE && ptr.pointee.type != XML_HTML_DOCUMENT_NODE {
            let t = TextExtractor.collapse(rawText)
            return TextExtractor.isBlank(t) ? [] : [t]
        }
        return TextExtractor.paragraphs(of: ptr, skipping: skip, limit: limit)
    }

    /// The paragraphs of the element holding the node's main text (`MainText`); none when no
    /// element inside holds enough running text.
    public func mainParagraphs(skipping nodes: [HTMLNode] = []) -> [String] {
        mainParagraphs(skipping: Set(nodes.map(\.opaque)))
    }

    func mainParagraphs(skipping skip: Set<UnsafeMutableRawPointer>, limit: Int = .max) -> [String] {
        guard isElement || ptr.pointee.type == XML_DOCUMENT_NODE || ptr.pointee.type == XML_HTML_DOCUMENT_NODE else { return [] }
        return MainText.paragraphs(of: ptr, skipping: skip, limit: limit)
    }

    var opaque: UnsafeMutableRawPointer { UnsafeMutableRawPointer(ptr) }
}
