import Foundation

/// Rewrites an XPath into an equivalent one that libxml2 evaluates faster. The parser file
/// keeps the portable text; only the compiled form changes, and only where the node sets are
/// provably the same.
///
/// Two rewrites:
/// 1. The class test `contains(concat(' ', normalize-space(@class), ' '), ' x ')` becomes
///    `gl-has-class('x')`, a C function in the CLibXML2 shim that reads the attribute in place
///    (libxml2 allocates four strings per element for the long form).
/// 2. `//name[p]` becomes `/descendant::name[p]` when no predicate depends on position. libxml2
///    only does this itself for steps without predicates; otherwise it builds a child node set
///    for every node of the page. `//x[1]` (the first x of each parent) is left alone.
enum XPathRewrite {
    static func optimized(_ source: String) -> String {
        descendantSteps(classTests(source))
    }

    /// Every class test in its long form, with any spacing and quotes, becomes `gl-has-class`.
    /// Scanned by hand, so that loading a parser compiles no ICU pattern (CompiledRegex).
    static func classTests(_ s: String) -> String {
        guard s.contains("normalize-space") else { return s }
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        var changed = false
        while i < b.count {
            if b[i] == UInt8(ascii: "c"), let (end, name) = classTest(b, at: i) {
                out += Array("gl-has-class('".utf8) + name + Array("')".utf8)
                i = end
                changed = true
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : s
    }

    /// `contains(concat(' ', normalize-space(@class), ' '), ' name ')` starting at `start`:
    /// where it ends and the class name (printable ASCII without quotes; anything else stays
    /// in the long form, which is always correct).
    private static func classTest(_ b: [UInt8], at start: Int) -> (end: Int, name: [UInt8])? {
        var i = start
        func word(_ t: StaticString) -> Bool {
            let n = t.utf8CodeUnitCount
            guard i + n <= b.count else { return false }
            for k in 0..<n where b[i + k] != t.utf8Start[k] { return false }
            i += n
            return true
        }
        func spaces() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }
        func token(_ t: StaticString) -> Bool { spaces(); return word(t) }
        func openQuote() -> UInt8? {
            spaces()
            guard i < b.count, b[i] == 0x27 || b[i] == 0x22 else { return nil }
            i += 1
            return b[i - 1]
        }
        func close(_ q: UInt8) -> Bool {
            guard i < b.count, b[i] == q else { return false }
            i += 1
            return true
        }
        // ' ' — one space between quotes of the same kind.
        func aSpace() -> Bool { openQuote().map { word(" ") && close($0) } ?? false }

        guard word("contains("), token("concat("), aSpace(), token(","), token("normalize-space("), token("@class"),
              token(")"), token(","), aSpace(), token(")"), token(","), let q = openQuote(), word(" ")
        else { return nil }
        let nameStart = i
        while i < b.count, b[i] > 0x20, b[i] < 0x7F, b[i] != 0x27, b[i] != 0x22 { i += 1 }
        guard i > nameStart else { return nil }
        let name = Array(b[nameStart..<i])
        guard word(" "), close(q), token(")") else { return nil }
        return (i, name)
    }

    /// `//name[p]…` → `/descendant::name[p]…` where every predicate is position-free.
    static func descendantSteps(_ s: String) -> String {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 32)
        var i = 0
        var quote: UInt8?
        while i < b.count {
            let c = b[i]
            if let q = quote {
                if c == q { quote = nil }
                out.append(c); i += 1; continue
            }
            if c == 0x27 || c == 0x22 { quote = c; out.append(c); i += 1; continue }
            if c == 0x2F, i + 1 < b.count, b[i + 1] == 0x2F, rewritable(b, at: i + 2) {
                out += Array("/descendant::".utf8)
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A name test (or `*`) at `start`, directly followed by one or more predicates, all safe.
    private static func rewritable(_ b: [UInt8], at start: Int) -> Bool {
        var i = start
        if i < b.count, b[i] == 0x2A {
            i += 1
        } else {
            guard i < b.count, isNameStart(b[i]) else { return false }
            while i < b.count, isNameChar(b[i]) { i += 1 }
        }
        guard i < b.count, b[i] == 0x5B else { return false }  // no predicate: libxml2 handles it
        while i < b.count, b[i] == 0x5B {
            guard let end = closingBracket(b, from: i), positionFree(Array(b[(i + 1)..<end])) else { return false }
            i = end + 1
        }
        return true
    }

    /// Index of the `]` matching the `[` at `open`, skipping string literals and nested brackets.
    private static func closingBracket(_ b: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var quote: UInt8?
        var i = open
        while i < b.count {
            let c = b[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == 0x27 || c == 0x22 {
                quote = c
            } else if c == 0x5B {
                depth += 1
            } else if c == 0x5D {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// True when the predicate's value cannot be a number (a number is a position test) and it
    /// does not ask for position() or last(). Conservative: anything arithmetic-looking fails.
    static func positionFree(_ predicate: [UInt8]) -> Bool {
        // Drop string literals, keep the rest.
        var text: [UInt8] = []
        var quote: UInt8?
        for c in predicate {
            if let q = quote { if c == q { quote = nil } ; continue }
            if c == 0x27 || c == 0x22 { quote = c; text.append(0x20); continue }
            text.append(c)
        }
        let first = text.first { $0 != 0x20 }
        if let first, (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x24 { return false }
        if text.contains(where: { $0 == 0x2B || $0 == 0x2A || $0 == 0x24 }) { return false }  // + * $
        // A `-` that is not inside a name (`normalize-space`) is a minus.
        for (k, c) in text.enumerated() where c == 0x2D {
            let inName = k > 0 && isNameChar(text[k - 1]) && k + 1 < text.count && isNameChar(text[k + 1])
            if !inName { return false }
        }
        let words = String(decoding: text, as: UTF8.self)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        // A number literal anywhere (`[(1)]`, `[.5]`) might be the predicate's value.
        if words.contains(where: { w in
            w.first!.isNumber || (w.first == "." && w.dropFirst().first?.isNumber == true)
        }) { return false }
        let numeric: Set<Substring> = ["position", "last", "count", "sum", "number", "string-length", "floor",
                                       "ceiling", "round", "div", "mod"]
        return !words.contains { numeric.contains($0) }
    }

    private static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    private static func isNameChar(_ c: UInt8) -> Bool {
        isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E
    }
}
