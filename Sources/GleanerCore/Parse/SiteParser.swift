import Foundation
import GleanerModel
import Synchronization

/// Runs one parser definition over pages. Immutable after load and `Sendable`: the crawl
/// stage calls `parse` from several threads at once.
public final class SiteParser: Sendable {
    public let definition: ParserDefinition
    let timeZone: TimeZone
    let trackingSet: Set<String>
    let hostSet: Set<String>
    /// A `hosts = ["*"]` parser: any host here; a crawl uses `serving(seeds:)` instead.
    public let servesAnyHost: Bool
    /// The copies made by `serving(seeds:)`, one per set of hosts, so a source keeps one parser.
    private let bound = Mutex<[[String]: SiteParser]>([:])
    /// Per record block, its fields in an order where referenced fields come first.
    let fieldOrder: [String: [String]]
    /// How each XPath is evaluated, decided here once.
    let plan: ParsePlan
    /// The plan's expressions, compiled once per concurrently parsing thread.
    let compiled: CompiledXPathPool
    /// What origin-only hrefs resolve to, shared by every page this parser sees.
    let linkCache = LinkCache()
    /// A page kind parses XML: gzip bodies may pass `PageGuard` (that kind inflates them).
    let hasXMLKinds: Bool
    /// The record types this parser's blocks yield (asked for every page a source fetches).
    public let recordTypes: Set<RecordType>
    /// Those of them declared `seed_only`.
    public let seedOnlyTypes: Set<RecordType>

    public init(definition: ParserDefinition) {
        self.definition = definition
        timeZone = definition.zone
        trackingSet = Set(definition.trackingParameters)
        hostSet = Set(definition.hosts)
        servesAnyHost = definition.hosts == [ParserDefinition.seedHosts]
        fieldOrder = definition.recordBlocks.mapValues(SiteParser.order)
        recordTypes = Set(definition.recordBlocks.values.map(\.type))
        seedOnlyTypes = Set(definition.recordBlocks.values.filter(\.declaration.seedOnly).map(\.type))
        plan = ParsePlan(definition)
        compiled = CompiledXPathPool(plan.sources)
        hasXMLKinds = definition.pageKinds.contains { $0.format == .xml }
    }

    /// Fields without references first, then those that refer to them (sorted within a level).
    static func order(_ block: RecordBlock) -> [String] {
        var done: [String] = []
        var pending = block.fields.keys.sorted()
        while !pending.isEmpty {
            let ready = pending.filter { name in
                block.fields[name]!.alternatives.flatMap(\.source.fieldReferences)
                    .allSatisfy { done.contains($0) || block.fields[$0] == nil }
            }
            // A reference cycle: leave the rest in name order (the loader reports such files).
            let next = ready.isEmpty ? pending : ready
            done += next
            pending.removeAll { next.contains($0) }
        }
        return done
    }

    public var name: String { definition.name }
    /// Their declarations, in name order.
    public var declarations: [RecordTypeDeclaration] {
        Dictionary(definition.recordBlocks.values.map { ($0.type, $0.declaration) }, uniquingKeysWith: { a, _ in a })
            .sorted { $0.key < $1.key }.map(\.value)
    }
    public var hosts: [String] { definition.hosts }
    /// Query parameters that do not change what a URL points to; dropped from links.
    public var trackingParameters: [String] { definition.trackingParameters }

    /// The page kind whose pattern matches the URL's path and query, or nil (other hosts too).
    public func pageKind(for url: String) -> String? {
        pageKind(for: URLResolver.split(url))
    }

    /// With a page's `meter`, the patterns' regex steps are charged to that page.
    func pageKind(for parts: WebURL?, meter: BudgetMeter? = nil) -> String? {
        guard let parts, servesAnyHost || hostSet.contains(String(parts.host)) else { return nil }
        let pq = String(parts.pathAndQuery)
        return definition.pageKinds.first { $0.literalPrefix.isEmpty || pq.hasPrefix($0.literalPrefix) ? $0.regex.matches(pq, meter: meter) : false }?.name
    }

    /// The parser a source with these seeds runs: for a `hosts = ["*"]` parser, a copy whose
    /// hosts are the seeds' hosts (so links to other hosts are not followed); else this one.
    public func serving(seeds: [String]) -> SiteParser {
        guard servesAnyHost else { return self }
        var hosts: [String] = []
        for seed in seeds {
            if let h = WebURL(seed).map({ String($0.host).lowercased() }), !h.isEmpty, !hosts.contains(h) { hosts.append(h) }
        }
        return bound.withLock { cache in
            if let p = cache[hosts] { return p }
            var def = definition
            def.hosts = hosts
            let p = SiteParser(definition: def)
            cache[hosts] = p
            return p
        }
    }

    /// `url` with tracking parameters dropped and a host alias moved to the canonical host.
    public func normalize(_ url: String) -> String {
        URLResolver.normalize(url, dropping: trackingSet, hostAliases: hostSet, canonicalHost: definition.canonicalHost)
    }

    func normalize(_ parts: inout WebURL) {
        URLResolver.normalize(&parts, dropping: trackingSet, hostAliases: hostSet, canonicalHost: definition.canonicalHost)
    }

    /// Parses one page into records, rejects and links.
    /// - Parameter recordTypes: when given, only record blocks of these types run (a source's
    ///   `emit = [...]`); the others cost nothing and yield no rejects.
    /// - Parameter budget: what the page may cost (`PageBudget`, the `[limits]` table).
    /// - Throws: `ParseError` for a page that cannot be parsed at all (empty, binary, too large,
    ///   no page kind for its URL, over its budget).
    public func parse(_ page: Page, recordTypes: Set<RecordType>? = nil, budget: PageBudget = .standard) throws -> ParseResult {
        try PageGuard.check(page, maxBytes: definition.maxPageBytes, gzipAllowed: hasXMLKinds)
        let meter = BudgetMeter(budget, url: page.url)
        guard let kindName = pageKind(for: URLResolver.split(page.url), meter: meter),
              let kind = definition.pageKinds.first(where: { $0.name == kindName }) else {
            try meter.check()
            throw ParseError(kind: .noPageKind, url: page.url,
                             detail: "no page kind of parser \(name) matches this URL (hosts: \(hosts.joined(separator: ", ")); kinds: \(definition.pageKinds.map { "\($0.name) \($0.urlPattern)" }.joined(separator: ", ")))")
        }
        let doc: HTMLDocument
        do {
            if kind.format == .xml {
                doc = try HTMLDocument(xml: page.body, url: page.url, maxBytes: definition.maxPageBytes, budget: budget)
            } else if GzipInflate.isGzip(page.body), PageGuard.looksBinary(page.body) {
                throw PageGuard.binary(page.url)
            } else {
                doc = try HTMLDocument(bytes: page.body, url: page.url, contentType: page.contentType,
                                   charsetOverride: page.charsetOverride, defaultCharset: definition.defaultCharset,
                                   budget: budget)
            }
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(kind: .malformed, url: page.url, detail: "libxml2 could not build a document")
        }
        try meter.check()
        doc.xpathStepLimit = budget.xpathSteps
        return try compiled.with { compiled in
            var run = PageRun(parser: self, page: page, doc: doc, kind: kind, compiled: compiled, recordTypes: recordTypes, meter: meter)
            do {
                let result = try run.result()
                try meter.check()
                return result
            } catch let e as XPathError where e.overStepLimit {
                throw budget.exceeded(.xpathSteps, url: page.url, detail: "XPath '\(e.expression)' ran out of the page's \(budget.xpathSteps) XPath operations")
            }
        }
    }
}
