import CArena
import CLibXML2

extension HTMLDocument {
    /// libxml2's XML parser options: recover from the broken markup real feeds carry (a bare
    /// `&` in a link), never print, never touch the network, CDATA as text. Not NOENT, DTDLOAD or
    /// HUGE: no entity is substituted, no DTD loaded, and libxml2's input limits stay on.
    static let xmlOptions = Int32(
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Parses an XML document (a feed, a sitemap, a page kind with `format = "xml"`). A gzip body
    /// (`.xml.gz`) is inflated first, to at most `maxBytes`. The charset is the document's own
    /// (BOM or XML declaration, else UTF-8), as XML defines it.
    /// - Throws: `ParseError`: `.tooLarge` past `maxBytes` (inflated or not), `.malformed` for a
    ///   document that declares entities (`<!ENTITY`: never expanded, refused whole) or that
    ///   libxml2 cannot read at all, `.budget` past `budget`'s node counts.
    public convenience init(xml bytes: [UInt8], url: String, maxBytes: Int, budget: PageBudget? = nil) throws {
        var body = bytes
        if GzipInflate.isGzip(body) { body = try GzipInflate.inflate(body, maxBytes: maxBytes, url: url) }
        if body.count > maxBytes {
            throw ParseError(kind: .tooLarge, url: url, detail: "XML of \(body.count) bytes, over the limit of \(maxBytes)")
        }
        if let offset = Self.entityDeclaration(in: body) {
            throw ParseError(kind: .malformed, url: url,
                             detail: "the XML declares an entity (<!ENTITY at byte \(offset)); entities are never expanded, so the document is refused")
        }
        if let budget { try MarkupCount.check(body, budget: budget, url: url) }
        let parsed = try body.withUnsafeBufferPointer { try Self.parseXML($0, url: url) }
        self.init(doc: parsed.doc, region: parsed.region, url: url,
                  charset: CharsetDecision(charset: "UTF-8", label: "xml", source: .override))
        knowsXMLPrefixes = true
    }

    /// Where `<!ENTITY` first occurs, or nil. Feeds and sitemaps never need entity declarations;
    /// refusing them keeps billion-laughs expansion and external entities (XXE) out entirely.
    static func entityDeclaration(in bytes: [UInt8]) -> Int? {
        let needle = Array("<!ENTITY".utf8)
        guard bytes.count >= needle.count else { return nil }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == 0x3C, bytes[i + 1] == 0x21, Array(bytes[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }

    private static func parseXML(_ text: UnsafeBufferPointer<UInt8>, url: String) throws -> (doc: xmlDocPtr, region: OpaquePointer?) {
        guard let base = text.baseAddress, !text.isEmpty else {
            throw ParseError(kind: .emptyBody, url: url, detail: "the XML document is empty")
        }
        LibXML2.prepare()
        gl_xml_silence_this_thread()
        let region = XMLAllocator.active == .arena ? gl_arena_region_begin() : nil
        let parsed = base.withMemoryRebound(to: CChar.self, capacity: text.count) { p in
            xmlReadMemory(p, Int32(clamping: text.count), url, nil, HTMLDocument.xmlOptions)
        }
        gl_arena_region_end(region)
        let message = XPathError.lastLibxmlMessage()
        xmlResetLastError()
        guard let parsed else {
            gl_arena_region_release(region)
            throw ParseError(kind: .malformed, url: url, detail: "not well-formed XML: \(message ?? "libxml2 could not build a document")")
        }
        guard xmlDocGetRootElement(parsed) != nil else {
            if let region { gl_arena_region_release(region) } else { xmlFreeDoc(parsed) }
            throw ParseError(kind: .malformed, url: url, detail: "not well-formed XML: \(message ?? "no root element")")
        }
        return (parsed, region)
    }
}

extension HTMLNode {
    /// The element's namespace URI, or nil for an element without one (RSS 2.0, HTML).
    public var namespaceURI: String? {
        guard isElement, let ns = ptr.pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }
}
