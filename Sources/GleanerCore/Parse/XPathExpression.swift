import CLibXML2

/// A compiled XPath expression (`xmlXPathCompile`), reused for every page.
///
/// Not `Sendable`: a `SiteParser` keeps a pool of compiled sets and hands one set to one
/// thread at a time, so compiled expressions are never shared between threads in flight.
public final class XPathExpression {
    let comp: xmlXPathCompExprPtr
    public let source: String

    /// - Throws: `XPathError` with libxml2's message when the expression does not compile.
    public init(_ source: String) throws {
        LibXML2.prepare()
        gl_xml_silence_this_thread()
        xmlResetLastError()
        // The optimised form is equivalent by construction; should it ever fail to compile,
        // the source as written decides (and its error is the one reported).
        // Kept for every later page: outside the arena's per-page chunks.
        let compiled = XMLAllocator.longLived { xmlXPathCompile(XPathRewrite.optimized(source)) ?? xmlXPathCompile(source) }
        guard let c = compiled else {
            throw XPathError(expression: source, detail: XPathError.lastLibxmlMessage() ?? "invalid expression")
        }
        comp = c
        self.source = source
    }

    /// Compiled exactly as written, without `XPathRewrite` (tests compare the two).
    init(plain source: String) throws {
        LibXML2.prepare()
        guard let c = XMLAllocator.longLived({ xmlXPathCompile(source) }) else {
            throw XPathError(expression: source, detail: XPathError.lastLibxmlMessage() ?? "invalid expression")
        }
        comp = c
        self.source = source
    }

    deinit { xmlXPathFreeCompExpr(comp) }
}

/// An XPath expression that did not compile or evaluate.
public struct XPathError: Error, CustomStringConvertible, Sendable {
    public var expression: String
    public var detail: String
    public var description: String { "XPath '\(expression)': \(detail)" }

    static func lastLibxmlMessage() -> String? {
        guard let e = xmlGetLastError(), let m = e.pointee.message else { return nil }
        let s = String(cString: m).trimmingCharacters(in: [" ", "\n"])
        return s.isEmpty ? nil : s
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var sub = Substring(self)
        while let f = sub.first, set.contains(f) { sub.removeFirst() }
        while let l = sub.last, set.contains(l) { sub.removeLast() }
        return String(sub)
    }
}
