/// Every XPath of a parser as an `XPathPlan`, made once when the parser loads: `<base>`, the
/// canonical link, each record block's `each`, each field alternative's XPath and `skip`, and
/// each link rule.
struct ParsePlan: Sendable {
    /// A field alternative's XPath.
    struct Source: Sendable {
        let xpath: XPathPlan
        let skip: XPathPlan?
        /// For an absolute XPath, whose values are the same from every node: the key under
        /// which a page keeps them (equal for equal XPath, text mode, skip and limit).
        let memo: Int?
    }

    struct Field: Sendable {
        /// Per alternative of the spec: its XPath's plan, nil for other sources.
        let sources: [Source?]
        /// For a field of an `each` block built only from absolute XPaths, URLs and constants:
        /// the key under which a page keeps its finished values (the same for every node).
        let pageConstant: Int?
    }

    struct Block: Sendable {
        let each: XPathPlan?
        let id: Field
        let fields: [String: Field]
        /// The walk slots of its element queries, answered together on each page.
        let slots: [Int]
    }

    /// The first `<base href>` in document order.
    static let baseXPath = "(/descendant::base[@href])[1]/@href"

    let base: XPathPlan
    let canonical: XPathPlan?
    let blocks: [String: Block]
    let links: [String: XPathPlan]
    /// `//script` and `//meta`, planned only when a field has a `jsonld` or `meta` source.
    let scripts: XPathPlan?
    let metas: XPathPlan?
    /// What `CompiledXPaths` compiles, by index.
    let sources: [String]
    /// What the page walk answers, by slot.
    let queries: [ElementQuery]
    /// Slots every page asks for (`<base>`, the canonical link).
    let pageSlots: [Int]
    /// How many memo keys `Source.memo` and `Field.pageConstant` use.
    let memoKeys: Int

    init(_ definition: ParserDefinition) {
        var planner = XPathPlanner()
        var memoKeys: [String: Int] = [:]
        func memoKey(_ key: String) -> Int {
            if let k = memoKeys[key] { return k }
            memoKeys[key] = memoKeys.count
            return memoKeys.count - 1
        }
        func slots(_ plans: [XPathPlan?]) -> [Int] {
            var out: [Int] = []
            for case .pageIndex(let slot, _, _, _)? in plans where !out.contains(slot) { out.append(slot) }
            return out
        }
        func field(_ block: RecordBlock, _ name: String, _ spec: FieldSpec) -> Field {
            var constant = block.each != nil
            let sources = spec.alternatives.map { alt -> Source? in
                switch alt.source {
                case .xpath(let x, let mode, let skip):
                    let absolute = XPathPlan.isAbsolute(x)
                    constant = constant && absolute
                    // `first` as the first transform keeps one value: the page reads no more.
                    let limit = if case .first? = alt.transforms.first { 1 } else { Int.max }
                    return Source(xpath: planner.plan(x), skip: skip.map { planner.plan($0) },
                                  memo: absolute ? memoKey("\(mode.rawValue)\u{0}\(skip ?? "")\u{0}\(limit)\u{0}\(x)") : nil)
                case .pageURL, .canonicalURL, .constant, .jsonld, .meta:
                    return nil
                case .field, .template:
                    constant = false
                    return nil
                }
            }
            return Field(sources: sources, pageConstant: constant ? memoKey("\u{1}\(block.name)\u{0}\(name)") : nil)
        }

        base = planner.plan(Self.baseXPath)
        canonical = definition.canonicalXPath.map { planner.plan($0) }
        pageSlots = slots([base, canonical])
        var blocks: [String: Block] = [:]
        for (name, b) in definition.recordBlocks {
            let each = b.each.map { planner.plan($0) }
            let id = field(b, "\u{0}id", b.id)
            let fields = b.fields.reduce(into: [String: Field]()) { $0[$1.key] = field(b, $1.key, $1.value) }
            let used = [each] + ([id] + b.fields.keys.sorted().map { fields[$0]! }).flatMap { $0.sources.map { $0?.xpath } }
            blocks[name] = Block(each: each, id: id, fields: fields, slots: slots(used))
        }
        self.blocks = blocks
        links = definition.linkRules.mapValues { planner.plan($0.xpath) }
        let sourceKinds = definition.recordBlocks.values.flatMap { b in
            ([b.id] + Array(b.fields.values)).flatMap { $0.alternatives.map(\.source) }
        }
        scripts = sourceKinds.contains { if case .jsonld = $0 { true } else { false } } ? planner.plan("//script") : nil
        metas = sourceKinds.contains { if case .meta = $0 { true } else { false } } ? planner.plan("//meta") : nil
        sources = planner.sources
        queries = planner.queries
        self.memoKeys = memoKeys.count
    }
}
