import CArena
import CLibXML2

/// A parsed HTML page, or an XML document (`HTMLDocument+XML.swift`): owns libxml2's tree and
/// frees it when the last reference goes.
///
/// Nodes (`HTMLNode`) hold a reference to their document, so a node can never outlive the tree
/// it points into. Not `Sendable`: a document is built, queried and dropped on one thread; the
/// crawl stage parses different pages on different threads in parallel.
public final class HTMLDocument {
    let doc: xmlDocPtr
    /// Where the tree's blocks are (`XMLAllocator`): the tree goes with it in one step instead of
    /// `xmlFreeDoc` visiting and freeing each node. Nil on glibc's malloc.
    private let region: OpaquePointer?
    /// The UTF-8 text the tree was built from, after charset conversion.
    public let charset: CharsetDecision
    /// URL the page was fetched from (used for relative links together with `<base href>`).
    public let url: String
    /// XPath knows the `XMLNamespaces` prefixes: set for a document built by the XML parser
    /// (`HTMLDocument+XML.swift`), before the first evaluation.
    var knowsXMLPrefixes = false

    /// Options: recover from broken markup, never print, never touch the network, and ignore
    /// the page's own encoding hints, because gleaner has already converted it to UTF-8.
    static let options = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses page bytes: decides the charset, converts to UTF-8, builds the tree.
    /// - Parameter budget: refuse a page whose markup is over its `nodes` or
    ///   `attributes_per_element` budget before libxml2 builds a tree (`MarkupCount`).
    /// - Throws: `HTMLParseError` when libxml2 cannot build a tree at all; `ParseError` of kind
    ///   `.budget` for a page over `budget`.
    public convenience init(bytes: [UInt8], url: String, contentType: String? = nil,
                            charsetOverride: String? = nil, defaultCharset: String? = nil,
                            budget: PageBudget? = nil) throws {
        var decision = Charset.decide(bytes: bytes, contentType: contentType, override: charsetOverride,
                                      defaultLabel: defaultCharset)
        let bomLength = Charset.byteOrderMark(bytes)?.length ?? 0
        let converted = bomLength == 0 ? CharsetConverter.toUTF8(bytes, from: decision.charset)
            : CharsetConverter.toUTF8(bytes[bomLength...], from: decision.charset)
        decision.replacedBytes = converted.replaced
        if let budget { try MarkupCount.check(converted.bytes, budget: budget, url: url) }
        try self.init(utf8: converted.bytes, url: url, charset: decision)
    }

    /// Parses text that is already UTF-8.
    public convenience init(utf8: [UInt8], url: String, charset: CharsetDecision = CharsetDecision(
        charset: "UTF-8", label: "utf-8", source: .override)) throws {
        // An empty page still becomes a (nearly empty) document, never a null-pointer crash.
        let text = utf8.isEmpty ? Array("<html></html>".utf8) : utf8
        let parsed = try text.withUnsafeBufferPointer { try HTMLDocument.parse($0, url: url) }
        self.init(doc: parsed.doc, region: parsed.region, url: url, charset: charset)
    }

    init(doc: xmlDocPtr, region: OpaquePointer?, url: String, charset: CharsetDecision) {
        self.doc = doc
        self.region = region
        self.charset = charset
        self.url = url
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>, url: String) throws -> (doc: xmlDocPtr, region: OpaquePointer?) {
        LibXML2.prepare()
        // Per thread: handlers set on another thread do not apply here.
        gl_xml_silence_this_thread()
        let region = XMLAllocator.active == .arena ? gl_arena_region_begin() : nil
        let parsed = text.baseAddress!.withMemoryRebound(to: CChar.self, capacity: text.count) { p in
            htmlReadMemory(p, Int32(clamping: text.count), url, "UTF-8", HTMLDocument.options)
        }
        gl_arena_region_end(region)
        // libxml2 keeps the parse's last error per thread, in the region's blocks: forget it
        // before they can go.
        xmlResetLastError()
        guard let parsed else {
            gl_arena_region_release(region)
            throw HTMLParseError(url: url, detail: "libxml2 could not build a document")
        }
        return (parsed, region)
    }

    /// One XPath context per document, created on first use (evaluation resets its node).
    private var context: xmlXPathContextPtr?

    /// libxml2 XPath operations allowed over all evaluations on this document (its
    /// `opLimit`); 0 means no limit. Over it, `evaluate` throws an `XPathError` whose
    /// `overStepLimit` is set.
    public var xpathStepLimit = 0 {
        didSet { context?.pointee.opLimit = UInt(xpathStepLimit) }
    }

    func xpathContext() -> xmlXPathContextPtr? {
        if context == nil, let c = xmlXPathNewContext(doc) {
            // Compiled expressions may call gl-has-class (XPathRewrite).
            gl_xpath_register_functions(c)
            // The prefixes of XML pages (sm:, atom:, …); malloc's blocks, as the context may be
            // freed on another thread than the one that parsed.
            if knowsXMLPrefixes { XMLAllocator.longLived { XMLNamespaces.register(in: c) } }
            c.pointee.opLimit = UInt(xpathStepLimit)
            c.pointee.opCount = 0
            context = c
        }
        return context
    }

    deinit {
        if let context { xmlXPathFreeContext(context) }
        if let region { gl_arena_region_release(region) } else { xmlFreeDoc(doc) }
    }

    /// The `<html>` element, or nil for a document without one.
    public var root: HTMLNode? {
        xmlDocGetRootElement(doc).map { HTMLNode($0, in: self) }
    }

    /// The document node: the context for absolute XPath.
    public var documentNode: HTMLNode {
        HTMLNode(UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self), in: self)
    }
}

/// libxml2 returned no document.
public struct HTMLParseError: Error, CustomStringConvertible, Sendable {
    public var url: String
    public var detail: String
    public var description: String { "parse failed: \(detail) - \(url)" }
}
