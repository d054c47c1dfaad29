import CLibXML2

/// A compiled XPath expression (`xmlXPathCompile`), reused for every page.
///
/// Not `Sendable`: a `SiteParser` keeps a pool of compiled sets (`CompiledXPathPool`) and hands
/// one set to one thread at a time, so compiled expressions are never shared between threads in flight.
public final class XPathExpression {
    let comp: xmlXPathCompExprPtr
    public let source: String
    /// The branches of a union at the top (`A | B | C`), each compiled on its own: evaluated
    /// apart and merged by gleaner (`HTMLDocument.evaluate`), as libxml2's merge is quadratic.
    let branches: [XPathExpression]?

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
        let parts = XPathExpression.unionBranches(source)
        branches = parts.count > 1 ? (try? parts.map { try XPathExpression($0) }) : nil
    }

    /// Compiled exactly as written, without `XPathRewrite` (tests compare the two).
    init(plain source: String) throws {
        LibXML2.prepare()
        guard let c = XMLAllocator.longLived({ xmlXPathCompile(source) }) else {
            throw XPathError(expression: source, detail: XPathError.lastLibxmlMessage() ?? "invalid expression")
        }
        comp = c
        self.source = source
        branches = nil
    }

    /// `source` split at each `|` outside strings, brackets and parentheses (one part when it
    /// is not a union at the top).
    static func unionBranches(_ source: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for c in source {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "(" || c == "[" {
                depth += 1
            } else if c == ")" || c == "]" {
                depth -= 1
            } else if c == "|", depth == 0 {
                parts.append(current.trimmingCharacters(in: [" ", "\t", "\n", "\r"]))
                current = ""
                continue
            }
            current.append(c)
        }
        parts.append(current.trimmingCharacters(in: [" ", "\t", "\n", "\r"]))
        return parts.contains(where: \.isEmpty) ? [source] : parts
    }

    deinit { xmlXPathFreeCompExpr(comp) }
}

/// An XPath expression that did not compile or evaluate.
public struct XPathError: Error, CustomStringConvertible, Sendable {
    public var expression: String
    public var detail: String
    /// The document's `xpathStepLimit` ran out (a page over its `xpath_steps` budget).
    public var overStepLimit = false
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
