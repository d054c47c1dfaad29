import CLibXML2

/// `//tag/@attr` (or `//*/@attr`): the shape of link rules (`//a/@href`). One C walk over the
/// tree (`gl_collect_attributes`) answers it instead of libxml2's XPath engine, which builds a
/// child node set for every node of the page. Anything else (predicates, namespaces, unions)
/// is left to XPath.
struct AttributePath: Sendable, Equatable {
    /// nil for `*`.
    let tag: String?
    let attribute: String

    init?(_ xpath: String) {
        let s = xpath.trimmingASCIISpaces()
        guard s.hasPrefix("//") else { return nil }
        let parts = s.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasPrefix("@") else { return nil }
        let tag = parts[0], attribute = parts[1].dropFirst()
        guard tag == "*" || AttributePath.isName(tag), AttributePath.isName(attribute) else { return nil }
        self.tag = tag == "*" ? nil : String(tag)
        self.attribute = String(attribute)
    }

    /// An XML name without a namespace prefix (a prefix would need the context's namespaces).
    private static func isName(_ s: Substring) -> Bool {
        guard let first = s.utf8.first, first.isASCIILetter || first == UInt8(ascii: "_") else { return false }
        return s.utf8.allSatisfy { $0.isASCIILetter || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) }
}

extension String {
    func trimmingASCIISpaces() -> Substring {
        let u = utf8
        guard let start = u.firstIndex(where: { $0 != 0x20 }), let end = u.lastIndex(where: { $0 != 0x20 }) else { return "" }
        return self[start...end]
    }
}

extension HTMLDocument {
    /// The attribute nodes of `path` in document order, as libxml2's XPath returns them.
    func attributeNodes(_ path: AttributePath) -> [HTMLNode] {
        (path.tag ?? "").withCString { tag in
            path.attribute.withCString { attribute in
                let t = path.tag == nil ? nil : UnsafeRawPointer(tag).assumingMemoryBound(to: xmlChar.self)
                let a = UnsafeRawPointer(attribute).assumingMemoryBound(to: xmlChar.self)
                // Most pages have a few hundred anchors; with more, a second walk into the exact size.
                var found = [xmlAttrPtr?](repeating: nil, count: 512)
                var n = Int(gl_collect_attributes(doc, t, a, &found, Int32(found.count)))
                if n > found.count {
                    found = Array(repeating: nil, count: n)
                    n = Int(gl_collect_attributes(doc, t, a, &found, Int32(n)))
                }
                return found[..<n].map { HTMLNode(UnsafeMutableRawPointer($0!).assumingMemoryBound(to: xmlNode.self), in: self) }
            }
        }
    }
}
