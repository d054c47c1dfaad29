import CLibXML2

/// One page's XPath answers: carries out `XPathPlan`s on the page's tree. Element queries are
/// answered by one walk over the tree when first asked (the first matching element and whether
/// there are 0, 1 or several), attribute paths by one C walk each, the rest by libxml2.
final class PageIndex {
    private let doc: HTMLDocument
    private let queries: [ElementQuery]
    private let compiled: CompiledXPaths
    /// The slots the page's record blocks and links will ask for.
    private let wanted: [Int]
    private var answers: [Int: (first: xmlNodePtr?, count: Int)] = [:]
    private var walked = false

    init(doc: HTMLDocument, queries: [ElementQuery], compiled: CompiledXPaths, wanted: [Int]) {
        self.doc = doc
        self.queries = queries
        self.compiled = compiled
        self.wanted = wanted
    }

    /// What XPath gives for the planned expression from `node`.
    func evaluate(_ plan: XPathPlan, from node: HTMLNode) throws -> XPathValue {
        switch plan {
        case .xpath(let i):
            return try doc.evaluate(compiled[i], from: node)
        case .attribute(let path):
            return .nodes(doc.attributeNodes(path))
        case .pageIndex(let slot, let firstOnly, let rest, let whole):
            let (first, count) = matches(slot: slot)
            guard let first else { return .nodes([]) }
            // Several elements: XPath merges their results in document order.
            guard firstOnly || count == 1 else { return try doc.evaluate(compiled[whole], from: node) }
            let element = HTMLNode(first, in: doc)
            guard let rest else { return .nodes([element]) }
            return try doc.evaluate(compiled[rest], from: element)
        }
    }

    func matches(slot: Int) -> (first: xmlNodePtr?, count: Int) {
        if !walked {
            walked = true
            walk(wanted)
        }
        if answers[slot] == nil { walk([slot]) }  // not announced: a walk of its own
        return answers[slot]!
    }

    private func walk(_ slots: [Int]) {
        var qs = slots.map { queries[$0].cQuery }
        withExtendedLifetime(queries) {
            qs.withUnsafeMutableBufferPointer { gl_run_element_queries(doc.doc, $0.baseAddress, Int32($0.count)) }
        }
        for (i, slot) in slots.enumerated() { answers[slot] = (qs[i].first, Int(qs[i].count)) }
    }
}
