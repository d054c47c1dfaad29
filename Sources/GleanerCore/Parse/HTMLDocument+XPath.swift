import CLibXML2

/// The result of evaluating XPath.
public enum XPathValue {
    case nodes([HTMLNode])
    case string(String)
    case number(Double)
    case boolean(Bool)

    /// Nodes as their visible text, scalars as text.
    public var strings: [String] {
        switch self {
        case .nodes(let ns): ns.map(\.text)
        case .string(let s): [s]
        case .number(let d): [d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)]
        case .boolean(let b): [b ? "true" : "false"]
        }
    }

    public var nodes: [HTMLNode] {
        if case .nodes(let ns) = self { return ns }
        return []
    }
}

extension HTMLDocument {
    /// Evaluates an expression with `node` (default: the document) as the context node.
    public func evaluate(_ expression: XPathExpression, from node: HTMLNode? = nil) throws -> XPathValue {
        guard let ctx = xpathContext() else {
            throw XPathError(expression: expression.source, detail: "could not allocate an XPath context")
        }
        ctx.pointee.node = node?.ptr ?? UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self)
        xmlResetLastError()
        guard let obj = xmlXPathCompiledEval(expression.comp, ctx) else {
            throw XPathError(expression: expression.source, detail: XPathError.lastLibxmlMessage() ?? "evaluation failed")
        }
        defer { xmlXPathFreeObject(obj) }
        switch obj.pointee.type {
        case XPATH_NODESET:
            guard let set = obj.pointee.nodesetval, set.pointee.nodeNr > 0, let tab = set.pointee.nodeTab else {
                return .nodes([])
            }
            var out: [HTMLNode] = []
            out.reserveCapacity(Int(set.pointee.nodeNr))
            for i in 0..<Int(set.pointee.nodeNr) {
                if let n = tab[i] { out.append(HTMLNode(n, in: self)) }
            }
            return .nodes(out)
        case XPATH_STRING:
            return .string(obj.pointee.stringval.map { String(cString: $0) } ?? "")
        case XPATH_NUMBER:
            return .number(obj.pointee.floatval)
        case XPATH_BOOLEAN:
            return .boolean(obj.pointee.boolval != 0)
        default:
            return .nodes([])
        }
    }

    /// Compiles and evaluates in one go (for tools and tests; parsers keep compiled expressions).
    public func evaluate(_ xpath: String, from node: HTMLNode? = nil) throws -> XPathValue {
        try evaluate(XPathExpression(xpath), from: node)
    }

    public func strings(_ xpath: String, from node: HTMLNode? = nil) throws -> [String] {
        try evaluate(xpath, from: node).strings
    }

    public func string(_ xpath: String, from node: HTMLNode? = nil) throws -> String? {
        try strings(xpath, from: node).first
    }

    public func number(_ xpath: String, from node: HTMLNode? = nil) throws -> Double? {
        switch try evaluate(xpath, from: node) {
        case .number(let d): return d.isNaN ? nil : d
        case let other: return other.strings.first.flatMap { Double($0.trimmingCharacters(in: [" "])) }
        }
    }

    public func nodes(_ xpath: String, from node: HTMLNode? = nil) throws -> [HTMLNode] {
        try evaluate(xpath, from: node).nodes
    }
}
