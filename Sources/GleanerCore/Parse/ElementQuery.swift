import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An absolute XPath whose first step finds elements by name and one attribute test, in the
/// two shapes parser files use for page-wide lookups (after `XPathRewrite`):
///
/// - `/descendant::T[P]REST`: every T with P, then the relative REST (`/li[…]`, `/@content`).
///   With exactly one such element (the usual case: one title, one byline list) this is REST
///   from that element; with none it is empty; with several, XPath answers it as before.
/// - `(/descendant::T[P])[1]REST`: REST from the first such element (`<base>`, canonical link).
///
/// P is `gl-has-class('c')`, `@a` or `@a='v'`. libxml2 would scan the whole page for each of
/// these; `PageIndex` answers all of a page's queries with one walk (`gl_run_element_queries`).
/// Anything else is not an `ElementQuery` and stays with XPath.
final class ElementQuery: @unchecked Sendable {
    enum Test: Hashable, Sendable {
        case hasClass(String)
        case hasAttribute(String)
        case attributeEquals(String, String)
    }

    let tag: String?
    let test: Test
    /// `(…)[1]`: only the first element counts.
    let firstOnly: Bool
    /// The rest as a path relative to the element (`./li[…]`), or nil when there is none.
    let relativeRest: String?

    // C strings for the walk, owned here (`@unchecked Sendable`: immutable after init).
    let cTag: UnsafeMutablePointer<CChar>?
    let cAttribute: UnsafeMutablePointer<CChar>
    let cValue: UnsafeMutablePointer<CChar>?
    let mode: Int32

    /// Recognises `xpath` as written in a parser file (the rewrite is applied here).
    init?(xpath: String) {
        var s = Substring(XPathRewrite.optimized(xpath).trimmingASCIISpaces())
        var firstOnly = false
        if s.hasPrefix("(") {
            s = s.dropFirst()
            firstOnly = true
        }
        guard s.hasPrefix("/descendant::") else { return nil }
        s = s.dropFirst("/descendant::".count)
        let tagText = s.prefix { $0 != "[" }
        guard tagText == "*" || ElementQuery.isName(tagText) else { return nil }
        s = s.dropFirst(tagText.count)
        guard s.hasPrefix("["), let close = ElementQuery.closingBracket(s), let test = ElementQuery.test(s.dropFirst().prefix(upTo: close))
        else { return nil }
        s = s[s.index(after: close)...]
        if firstOnly {
            guard s.hasPrefix(")[1]") else { return nil }
            s = s.dropFirst(4)
        }
        guard s.isEmpty || (s.hasPrefix("/") && ElementQuery.isPlainPath(s)) else { return nil }
        self.tag = tagText == "*" ? nil : String(tagText)
        self.test = test
        self.firstOnly = firstOnly
        self.relativeRest = s.isEmpty ? nil : "." + s
        cTag = tag.map { strdup($0) }
        switch test {
        case .hasClass(let c): cAttribute = strdup("class"); cValue = strdup(c); mode = 0
        case .hasAttribute(let a): cAttribute = strdup(a); cValue = nil; mode = 1
        case .attributeEquals(let a, let v): cAttribute = strdup(a); cValue = strdup(v); mode = 2
        }
    }

    deinit {
        free(cTag)
        free(cAttribute)
        free(cValue)
    }

    /// The walk's slot for this query, cleared.
    var cQuery: gl_element_query {
        gl_element_query(
            tag: cTag.map { UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self) },
            attr: UnsafeRawPointer(cAttribute).assumingMemoryBound(to: xmlChar.self),
            value: cValue.map { UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self) },
            mode: mode, valueLength: Int32(cValue.map { strlen($0) } ?? 0), first: nil, count: 0)
    }

    /// `gl-has-class('c')`, `@a`, `@a='v'` (either quote), nothing more.
    private static func test(_ p: Substring) -> Test? {
        if p.hasPrefix("gl-has-class("), p.hasSuffix(")") {
            guard let v = quoted(p.dropFirst("gl-has-class(".count).dropLast()), !v.isEmpty else { return nil }
            return .hasClass(v)
        }
        guard p.hasPrefix("@") else { return nil }
        let name = p.dropFirst().prefix { $0 != "=" && $0 != " " }
        guard isName(name) else { return nil }
        let rest = p.dropFirst(1 + name.count).drop { $0 == " " }
        if rest.isEmpty { return .hasAttribute(String(name)) }
        guard rest.hasPrefix("="), let v = quoted(rest.dropFirst().drop { $0 == " " }) else { return nil }
        return .attributeEquals(String(name), v)
    }

    /// The text of a whole string literal `'…'` or `"…"` (trailing spaces allowed).
    private static func quoted(_ s: Substring) -> String? {
        let t = s.reversed().drop { $0 == " " }.reversed()
        guard let q = t.first, q == "'" || q == "\"", t.count >= 2, t.last == q else { return nil }
        let inner = t.dropFirst().dropLast()
        return inner.contains(q) ? nil : String(inner)
    }

    /// Index of the `]` closing the `[` that `s` starts with (string literals and nesting skipped).
    private static func closingBracket(_ s: Substring) -> Substring.Index? {
        var depth = 0
        var quote: Character?
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth -= 1
                if depth == 0 { return i }
            }
            i = s.index(after: i)
        }
        return nil
    }

    /// Location steps only: outside predicates, names, `/`, `@`, `*`, `.`, `:` and `()` of node
    /// tests; no unions, operators or spaces, so "." + rest means the same from one element.
    private static func isPlainPath(_ s: Substring) -> Bool {
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "[" {
                guard let close = closingBracket(s[i...]) else { return false }
                i = s.index(after: close)
                continue
            }
            if c == "(" {
                let next = s.index(after: i)
                guard next < s.endIndex, s[next] == ")" else { return false }
                i = s.index(after: next)
                continue
            }
            guard c.isASCII, c.isLetter || c.isNumber || "/@*.:_-".contains(c) else { return false }
            // `*` only as a name test (after `/`, `::` or `@`), never as multiplication.
            if c == "*", i > s.startIndex, !"/:@".contains(s[s.index(before: i)]) { return false }
            i = s.index(after: i)
        }
        return true
    }

    private static func isName(_ s: Substring) -> Bool {
        guard let first = s.utf8.first, first.isASCIILetter || first == UInt8(ascii: "_") else { return false }
        return s.utf8.allSatisfy { $0.isASCIILetter || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
    }
}
