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
    /// A union at the top (`A | B`) is evaluated branch by branch (`XPathExpression.branches`).
    public func evaluate(_ expression: XPathExpression, from node: HTMLNode? = nil) throws -> XPathValue {
        if let branches = expression.branches, let nodes = try union(branches, from: node) {
            return .nodes(nodes.map { HTMLNode($0, in: self) })
        }
        return try evaluate(compiled: expression.comp, source: expression.source, from: node)
    }

    private func evaluate(compiled: xmlXPathCompExprPtr, source: String, from node: HTMLNode?) throws -> XPathValue {
        guard let ctx = xpathContext() else {
            throw XPathError(expression: source, detail: "could not allocate an XPath context")
        }
        ctx.pointee.node = node?.ptr ?? UnsafeMutableRawPointer(doc).assumingMemoryBound(to: xmlNode.self)
        xmlResetLastError()
        guard let obj = xmlXPathCompiledEval(compiled, ctx) else {
            if ctx.pointee.opLimit != 0, ctx.pointee.opCount >= ctx.pointee.opLimit {
                var e = XPathError(expression: source, detail: "over the limit of \(ctx.pointee.opLimit) XPath operations")
                e.overStepLimit = true
                throw e
            }
            throw XPathError(expression: source, detail: XPathError.lastLibxmlMessage() ?? "evaluation failed")
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

    /// The distinct nodes of all branches in document order, or nil when a branch is not a node
    /// set (libxml2 then evaluates the whole union and reports the error). libxml2's own merge
    /// compares every node of one side with every node of the other; this costs one walk.
    private func union(_ branches: [XPathExpression], from node: HTMLNode?) throws -> [xmlNodePtr]? {
        var sets: [[HTMLNode]] = []
        for b in branches {
            guard case .nodes(let ns) = try evaluate(b, from: node) else { return nil }
            if ns.contains(where: { $0.ptr.pointee.type == XML_NAMESPACE_DECL }) { return nil }
            if !ns.isEmpty { sets.append(ns) }
        }
        // One branch with nodes: already distinct and in document order.
        if sets.count <= 1 { return sets.first.map { $0.map(\.ptr) } ?? [] }
        var seen = Set<xmlNodePtr>()
        var distinct: [xmlNodePtr?] = []
        for set in sets { for n in set where seen.insert(n.ptr).inserted { distinct.append(n.ptr) } }
        var ordered = [xmlNodePtr?](repeating: nil, count: distinct.count)
        let complete = distinct.withUnsafeMutableBufferPointer { d in
            ordered.withUnsafeMutableBufferPointer { o in
                gl_document_order(doc, d.baseAddress, Int32(d.count), o.baseAddress) != 0
            }
        }
        return complete ? ordered.compactMap { $0 } : nil
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
