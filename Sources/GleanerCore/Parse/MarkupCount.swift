import CLibXML2

/// The page's markup counted in its UTF-8 bytes (`gl_count_markup`), before libxml2 builds a
/// tree: what `PageBudget.nodes` and `attributesPerElement` are measured against. The count is
/// never below the nodes libxml2 would build (elements, attributes, comments).
struct MarkupCount {
    var nodes: Int
    /// Most attributes on one element.
    var attributes: Int

    static func count(_ utf8: [UInt8], maxNodes: Int = .max, maxAttributes: Int = .max) -> (MarkupCount, over: Int32, offset: Int) {
        let r = utf8.withUnsafeBufferPointer { b -> gl_markup_count in
            guard let base = b.baseAddress else { return gl_markup_count() }
            return gl_count_markup(base, b.count, maxNodes, maxAttributes)
        }
        return (MarkupCount(nodes: r.nodes, attributes: r.attributes), r.over, r.offset)
    }

    /// Throws `ParseError(kind: .budget)` naming the budget and where the page went over it.
    static func check(_ utf8: [UInt8], budget: PageBudget, url: String) throws {
        let (_, over, offset) = count(utf8, maxNodes: budget.nodes, maxAttributes: budget.attributesPerElement)
        switch over {
        case 1:
            throw budget.exceeded(.nodes, url: url, detail: "more than \(budget.nodes) elements, attributes and comments (at byte \(offset))")
        case 2:
            throw budget.exceeded(.attributes, url: url,
                                  detail: "an element with more than \(budget.attributesPerElement) attributes (at byte \(offset))")
        default:
            return
        }
    }
}
