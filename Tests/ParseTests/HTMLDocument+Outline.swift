import CLibXML2
@testable import GleanerParse

extension HTMLDocument {
    /// The whole tree as text, one node a line, indented by depth: what the tests compare when two
    /// parses must give the same tree. With `withoutRawText`, text inside `script` and `style`
    /// is left out (what `RawText` drops before parsing).
    func outline(withoutRawText: Bool) -> String {
        var out = ""
        var node = doc.pointee.children
        while let n = node {
            HTMLDocument.outline(n, depth: 0, inRawText: false, withoutRawText: withoutRawText, into: &out)
            node = n.pointee.next
        }
        return out
    }

    private static func outline(_ n: xmlNodePtr, depth: Int, inRawText: Bool, withoutRawText: Bool, into out: inout String) {
        let pad = String(repeating: " ", count: depth)
        let text = { (p: UnsafeMutablePointer<xmlChar>?) in p.map { String(cString: $0) } ?? "" }
        switch n.pointee.type {
        case XML_ELEMENT_NODE:
            let name = String(cString: n.pointee.name)
            var line = "\(pad)<\(name)"
            var a = n.pointee.properties
            while let attr = a {
                var value = ""
                var c = attr.pointee.children
                while let v = c { value += text(v.pointee.content); c = v.pointee.next }
                line += " \(String(cString: attr.pointee.name))=\(value.debugDescription)"
                a = attr.pointee.next
            }
            out += line + ">\n"
            var child = n.pointee.children
            while let c = child {
                outline(c, depth: depth + 1, inRawText: name == "script" || name == "style",
                        withoutRawText: withoutRawText, into: &out)
                child = c.pointee.next
            }
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if inRawText && withoutRawText { return }
            out += "\(pad)\(text(n.pointee.content).debugDescription)\n"
        case XML_COMMENT_NODE:
            out += "\(pad)<!--\(text(n.pointee.content).debugDescription)-->\n"
        default:
            out += "\(pad)#\(n.pointee.type.rawValue)\n"
        }
    }
}

extension RawText {
    /// How many bytes dropping script and style contents saves on `bytes`.
    static func savedBytes(_ bytes: [UInt8]) -> Int {
        guard let out = without(bytes) else { return 0 }
        defer { gl_xml_free(out.baseAddress) }
        return bytes.count - out.count
    }
}
