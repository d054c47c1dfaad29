import CLibXML2

/// A parser's `ElementQuery`s, found once when it loads: which XPath is one, which walk slot
/// answers it (equal first steps share a slot), and which slots each record block needs.
struct ElementQueries: Sendable {
    struct Entry: Sendable {
        let query: ElementQuery
        let slot: Int
    }

    private(set) var byXPath: [String: Entry] = [:]
    /// One query per slot, for the walk.
    private(set) var slots: [ElementQuery] = []
    private(set) var slotsByBlock: [String: [Int]] = [:]
    /// `<base>` and the canonical link: every page asks for them.
    private(set) var pageSlots: [Int] = []

    init(definition: ParserDefinition, pageXPaths: [String]) {
        pageSlots = pageXPaths.compactMap { add($0) }
        for (name, block) in definition.recordBlocks {
            let specs = [block.id] + block.fields.keys.sorted().map { block.fields[$0]! }
            var xpaths = block.each.map { [$0] } ?? []
            for alt in specs.flatMap(\.alternatives) {
                if case .xpath(let x, _, _) = alt.source { xpaths.append(x) }
            }
            var used: [Int] = []
            for x in xpaths { if let slot = add(x), !used.contains(slot) { used.append(slot) } }
            slotsByBlock[name] = used
        }
    }

    /// Just these XPaths, all asked for on every page (tests).
    init(xpaths: [String]) {
        pageSlots = xpaths.compactMap { add($0) }
    }

    private var slotOfTest: [String: Int] = [:]

    /// Registers `xpath` if it is an `ElementQuery`; returns its slot.
    private mutating func add(_ xpath: String) -> Int? {
        if let e = byXPath[xpath] { return e.slot }
        guard let q = ElementQuery(xpath: xpath) else { return nil }
        let testKey = "\(q.tag ?? "*")\u{0}\(q.mode)\u{0}\(q.cAttributeString)\u{0}\(q.cValueString ?? "")"
        let slot: Int
        if let s = slotOfTest[testKey] {
            slot = s
        } else {
            slot = slots.count
            slots.append(q)
            slotOfTest[testKey] = slot
        }
        byXPath[xpath] = Entry(query: q, slot: slot)
        return slot
    }
}

/// One page's answers to its `ElementQuery`s: the first matching element and how many there
/// are (0, 1 or "2 or more"), from one walk over the tree when first asked.
final class PageIndex {
    private let doc: HTMLDocument
    private let queries: ElementQueries
    /// The slots the page's record blocks and links will ask for.
    private let wanted: [Int]
    private var answers: [Int: (first: xmlNodePtr?, count: Int)] = [:]
    private var walked = false

    init(doc: HTMLDocument, queries: ElementQueries, wanted: [Int]) {
        self.doc = doc
        self.queries = queries
        self.wanted = wanted
    }

    /// What XPath gives for `entry`'s expression on this page, or nil when several elements
    /// match a first step that is not `(…)[1]`: then XPath must answer (it merges their results
    /// in document order).
    func value(of entry: ElementQueries.Entry, cache: XPathCache) throws -> XPathValue? {
        let (first, count) = matches(slot: entry.slot)
        guard let first else { return .nodes([]) }
        guard entry.query.firstOnly || count == 1 else { return nil }
        let element = HTMLNode(first, in: doc)
        guard let rest = entry.query.relativeRest else { return .nodes([element]) }
        return try doc.evaluate(cache.expression(rest), from: element)
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
        var qs = slots.map { queries.slots[$0].cQuery }
        withExtendedLifetime(queries) {
            qs.withUnsafeMutableBufferPointer { gl_run_element_queries(doc.doc, $0.baseAddress, Int32($0.count)) }
        }
        for (i, slot) in slots.enumerated() { answers[slot] = (qs[i].first, Int(qs[i].count)) }
    }
}
