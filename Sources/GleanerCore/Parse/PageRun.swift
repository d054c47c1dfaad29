import Foundation
import GleanerModel

/// One page going through one parser: evaluates the page kind's record blocks and link rules.
struct PageRun {
    let parser: SiteParser
    let page: Page
    let doc: HTMLDocument
    let kind: PageKind
    let recordTypes: Set<RecordType>?
    /// The page's spending against its budget.
    let meter: BudgetMeter
    private(set) var baseURL: String
    private(set) var canonicalURL: String?
    /// Values of absolute XPaths and page-constant fields already read on this page, by the
    /// plan's memo keys.
    private let memo: Memo
    /// The page's XPath answers.
    private let index: PageIndex
    private var transformContextValue: TransformContext?
    private let unparsedDates = UnparsedDateLog()
    /// The page's JSON-LD and metas, for a parser with such sources (`PageRun+Structured`).
    let structured: StructuredData?

    final class Memo {
        var values: [[String]?]
        /// Finished fields (transforms applied) that are the same on every node of a block.
        var fields: [(values: [String], miss: String?)?]
        init(keys: Int) { (values, fields) = (Array(repeating: nil, count: keys), Array(repeating: nil, count: keys)) }
    }

    init(parser: SiteParser, page: Page, doc: HTMLDocument, kind: PageKind, compiled: CompiledXPaths,
         recordTypes: Set<RecordType>?, meter: BudgetMeter) {
        self.parser = parser
        self.meter = meter
        self.page = page
        self.doc = doc
        self.kind = kind
        self.recordTypes = recordTypes
        baseURL = page.url
        let plan = parser.plan
        let blocks = kind.records.filter { name in
            parser.definition.recordBlocks[name].map { recordTypes?.contains($0.type) ?? true } ?? false
        }
        memo = Memo(keys: plan.memoKeys)
        structured = plan.scripts != nil || plan.metas != nil ? StructuredData() : nil
        index = PageIndex(doc: doc, queries: plan.queries, compiled: compiled,
                          wanted: plan.pageSlots + blocks.flatMap { plan.blocks[$0]?.slots ?? [] })
    }

    /// A record before it is checked and typed: field name → values.
    struct Draft {
        var block: RecordBlock
        var id: String
        var fields: [String: [String]]
        /// Why a field came out empty, for rejects.
        var misses: [String: String]
    }

    mutating func result() throws -> ParseResult {
        let def = parser.definition
        let plan = parser.plan
        if let b = try firstString(plan.base), let resolved = URLResolver.resolve(b, against: page.url) {
            baseURL = resolved
        }
        if let x = plan.canonical, let c = try firstString(x) {
            canonicalURL = URLResolver.resolve(c, against: baseURL)
        }
        transformContextValue = transformContext()
        var drafts: [Draft] = []
        var index: [String: Int] = [:]
        var rejects: [RejectedRecord] = []
        for blockName in kind.records {
            guard let block = def.recordBlocks[blockName], let blockPlan = plan.blocks[blockName],
                  recordTypes?.contains(block.type) ?? true else { continue }
            let contexts: [HTMLNode]
            if let each = blockPlan.each {
                contexts = try evaluate(each, from: doc.documentNode).nodes
            } else {
                contexts = [doc.documentNode]
            }
            try meter.checkRecords(drafts.count + rejects.count + contexts.count,
                                   what: "records and candidates (record block \(blockName): \(contexts.count) nodes match '\(block.each ?? "")')")
            if contexts.isEmpty, block.required {
                rejects.append(reject(block, field: "each", reason: "no node matches '\(block.each ?? "")' (record block \(block.name))"))
            }
            for node in contexts {
                try meter.check()
                let (fields, misses) = try evaluateFields(block, blockPlan, at: node)
                let ids = try values(of: block.id, blockPlan.id, at: node, fields: fields).values
                guard let id = ids.first else {
                    rejects.append(reject(block, field: "id", reason: "the id came out empty (\(block.id.keyPath))"))
                    continue
                }
                let key = "\(block.type.rawValue)\u{0}\(id)"
                if let i = index[key] {
                    // The same record shown twice on a page (a teaser in two boxes): one record;
                    // each field keeps its first value, gaps are filled from later sightings.
                    for (f, v) in fields where drafts[i].fields[f]?.isEmpty ?? true { drafts[i].fields[f] = v }
                } else {
                    index[key] = drafts.count
                    drafts.append(Draft(block: block, id: id, fields: fields, misses: misses))
                }
            }
        }
        var records: [Record] = []
        for d in drafts {
            if let missing = missingRequired(d) {
                rejects.append(reject(d.block, field: missing,
                                      reason: "required field '\(missing)' is empty: \(d.misses[missing] ?? "no value") (record \(d.id))"))
                continue
            }
            switch RecordBuilder.slots(d.block.declaration, d.fields) {
            case .success(let slots):
                records.append(Record(site: parser.name, id: d.id, url: canonicalURL ?? page.url, fetchedAt: page.fetchedAt,
                                      declaration: d.block.declaration, slots: slots))
            case .failure(let bad):
                rejects.append(reject(d.block, field: bad.field,
                                      reason: "field '\(bad.field)': \(bad.error) (record \(d.id))"))
            }
        }
        let (links, invalidLinks) = try links()
        try meter.check()
        return ParseResult(pageKind: kind.name, records: records, rejects: rejects, links: links,
                           canonicalURL: canonicalURL, charset: doc.charset, invalidLinks: invalidLinks,
                           unparsedDates: unparsedDates.dates, skippedJSONLD: structured?.skipped ?? [])
    }

    private func missingRequired(_ d: Draft) -> String? {
        for f in d.block.declaration.fields {
            let required = f.required || d.block.fields[f.name]?.required == true
            if required, d.fields[f.name]?.isEmpty ?? true { return f.name }
        }
        return nil
    }

    private func reject(_ block: RecordBlock, field: String, reason: String) -> RejectedRecord {
        RejectedRecord(site: parser.name, pageKind: kind.name, type: block.type, field: field, url: page.url,
                       reason: reason, fetchedAt: page.fetchedAt)
    }

    /// Fields without references first, then those built from other fields.
    private func evaluateFields(_ block: RecordBlock, _ plan: ParsePlan.Block, at node: HTMLNode) throws -> ([String: [String]], [String: String]) {
        var fields: [String: [String]] = [:]
        var misses: [String: String] = [:]
        var pending = parser.fieldOrder[block.name] ?? block.fields.keys.sorted()
        var progress = true
        while !pending.isEmpty, progress {
            progress = false
            var next: [String] = []
            for name in pending {
                let spec = block.fields[name]!, fieldPlan = plan.fields[name]!
                let refs = spec.alternatives.flatMap(\.source.fieldReferences)
                if refs.contains(where: { fields[$0] == nil && block.fields[$0] != nil }) {
                    next.append(name)
                    continue
                }
                let (v, miss) = try pageConstantValues(spec, fieldPlan) ?? values(of: spec, fieldPlan, at: node, fields: fields)
                fields[name] = v
                if let miss { misses[name] = miss }
                progress = true
            }
            pending = next
        }
        return (fields, misses)
    }

    /// A field built only from absolute XPaths, URLs and constants is the same for every node of
    /// an `each` block: transform it once per page (the weather date, not once per station).
    private func pageConstantValues(_ spec: FieldSpec, _ plan: ParsePlan.Field) throws -> (values: [String], miss: String?)? {
        guard let key = plan.pageConstant else { return nil }
        if let done = memo.fields[key] { return done }
        let r = try values(of: spec, plan, at: doc.documentNode, fields: [:])
        memo.fields[key] = r
        return r
    }

    /// The first alternative yielding a non-blank value wins.
    private func values(of spec: FieldSpec, _ plan: ParsePlan.Field, at node: HTMLNode,
                        fields: [String: [String]]) throws -> (values: [String], miss: String?) {
        var misses: [String] = []
        for (i, (alt, source)) in zip(spec.alternatives, plan.sources).enumerated() {
            // `first` as the first transform keeps one value: read no more than that.
            let limit = if case .first? = alt.transforms.first { 1 } else { Int.max }
            var v = try sourceValues(alt.source, source, at: node, fields: fields, limit: limit)
            try meter.chargeValues(v.count)
            if v.isEmpty {
                misses.append(try structuredMiss(alt.source) ?? "\(alt.source.summary) matched nothing")
                continue
            }
            var ctx = transformContextValue ?? transformContext()
            (ctx.fieldKeyPath, ctx.alternative) = (spec.keyPath, spec.alternatives.count > 1 ? i : nil)
            for (n, t) in alt.transforms.enumerated() {
                v = t.apply(v, ctx)
                try meter.check()
                if v.isEmpty { misses.append("\(alt.source.summary): transform \(n + 1) (\(t.name)) left no value"); break }
            }
            v = v.filter { !TextExtractor.isBlank($0) }
            if !v.isEmpty { return (v, nil) }
        }
        return ([], misses.isEmpty ? nil : misses.joined(separator: "; "))
    }

    private func transformContext() -> TransformContext {
        TransformContext(baseURL: baseURL, timeZone: parser.timeZone, tables: parser.definition.tables,
                         normalizeURL: { [parser] in parser.normalize($0) }, meter: meter, unparsedDates: unparsedDates)
    }

    private func sourceValues(_ source: ValueSpec.Source, _ plan: ParsePlan.Source?, at node: HTMLNode,
                              fields: [String: [String]], limit: Int) throws -> [String] {
        switch source {
        case .xpath(_, let mode, _):
            guard let plan else { return [] }
            // An absolute path ("//p[…]") means the same from every context node: a weather
            // widget's date is read once per page, not once per station.
            guard let key = plan.memo else { return try extract(plan, mode: mode, at: node, limit: limit) }
            if let values = memo.values[key] { return values }
            let values = try extract(plan, mode: mode, at: node, limit: limit)
            memo.values[key] = values
            return values
        case .pageURL: return [page.url]
        case .canonicalURL: return [canonicalURL ?? page.url]
        case .constant(let c): return [c]
        case .field(let f): return fields[f] ?? []
        case .template(let t): return Template.fill(t, fields).map { [$0] } ?? []
        case .jsonld(let path): return try jsonldValues(path)
        case .meta(let key): return try metaValues(key)
        }
    }

    /// Values of `x` from `node`; with a `limit`, paragraphs stop after that many per node
    /// (only callers that keep the first value pass one).
    private func extract(_ plan: ParsePlan.Source, mode: ValueSpec.TextMode, at node: HTMLNode, limit: Int) throws -> [String] {
        let result = try evaluate(plan.xpath, from: node)
        guard case .nodes(let nodes) = result else { return result.strings }
        return try nodes.flatMap { n -> [String] in
            switch mode {
            case .text: return [n.text]
            case .raw: return [n.rawText]
            case .paragraphs:
                guard let skip = plan.skip else { return n.paragraphs(skipping: [], limit: limit) }
                let skipped = try evaluate(skip, from: n).nodes
                return n.paragraphs(skipping: Set(skipped.map(\.opaque)), limit: limit)
            case .main:
                let skipped = try plan.skip.map { try evaluate($0, from: n).nodes } ?? []
                return n.mainParagraphs(skipping: Set(skipped.map(\.opaque)), limit: limit)
            }
        }
    }

    /// The one way the parse stage evaluates an XPath: its plan, on this page, from `node`.
    func evaluate(_ plan: XPathPlan, from node: HTMLNode) throws -> XPathValue {
        try meter.check()
        return try index.evaluate(plan, from: node)
    }

    private func firstString(_ plan: XPathPlan) throws -> String? {
        let v = try evaluate(plan, from: doc.documentNode)
        let s: String?
        if case .nodes(let ns) = v { s = ns.first?.rawText } else { s = v.strings.first }
        guard let s, !TextExtractor.isBlank(s) else { return nil }
        return s
    }
}

extension ValueSpec.Source {
    var summary: String {
        switch self {
        case .xpath(let x, _, _): "XPath '\(x)'"
        case .pageURL: "the page URL"
        case .canonicalURL: "the canonical URL"
        case .constant(let c): "value '\(c)'"
        case .field(let f): "field '\(f)'"
        case .template(let t): "template '\(t)'"
        case .jsonld(let p): "JSON-LD '\(p)'"
        case .meta(let k): "meta '\(k)'"
        }
    }
}

extension Transform {
    var name: String {
        switch self {
        case .trim: "trim"
        case .collapse: "collapse"
        case .regex(let r): "regex '\(r.pattern)'"
        case .replace(let r, _): "replace '\(r.pattern)'"
        case .split: "split"
        case .join: "join"
        case .first: "first"
        case .last: "last"
        case .number: "number"
        case .date(let p, _): "date '\(p.pattern)'"
        case .absoluteURL: "absolute_url"
        case .canonicalURL: "canonical_url"
        case .map(let t): "map '\(t)'"
        case .format: "format"
        case .lowercase: "lowercase"
        case .uppercase: "uppercase"
        }
    }
}
