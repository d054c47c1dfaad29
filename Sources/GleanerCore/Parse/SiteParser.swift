import Foundation
import GleanerModel

/// Runs one parser definition over pages. Immutable after load and `Sendable`: the crawl
/// stage calls `parse` from several threads at once.
public final class SiteParser: Sendable {
    public let definition: ParserDefinition
    let timeZone: ZoneInfo
    let trackingSet: Set<String>
    let hostSet: Set<String>
    let pool = XPathCachePool()
    /// Per record block, its fields in an order where referenced fields come first.
    let fieldOrder: [String: [String]]
    /// Link XPaths of the `//tag/@attr` shape, answered by one C walk (AttributePath).
    let attributePaths: [String: AttributePath]
    /// What origin-only hrefs resolve to, shared by every page this parser sees.
    let linkCache = LinkCache()
    /// Page-wide XPaths answered by one walk a page (`PageIndex`).
    let elementQueries: ElementQueries
    /// Script and style contents are dropped before parsing unless an XPath names them.
    let dropsRawText: Bool

    public init(definition: ParserDefinition) {
        self.definition = definition
        timeZone = definition.zone
        trackingSet = Set(definition.trackingParameters)
        hostSet = Set(definition.hosts)
        fieldOrder = definition.recordBlocks.mapValues(SiteParser.order)
        elementQueries = ElementQueries(definition: definition,
                                        pageXPaths: [PageRun.baseXPath] + (definition.canonicalXPath.map { [$0] } ?? []))
        attributePaths = definition.linkRules.values.reduce(into: [:]) { paths, rule in
            paths[rule.xpath] = AttributePath(rule.xpath)
        }
        dropsRawText = !definition.readsRawText && MeasuredMechanism.rawText.isOn
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
    public var hosts: [String] { definition.hosts }
    /// Query parameters that do not change what a URL points to; dropped from links.
    public var trackingParameters: [String] { definition.trackingParameters }

    /// The page kind whose pattern matches the URL's path and query, or nil (other hosts too).
    public func pageKind(for url: String) -> String? {
        pageKind(for: URLResolver.split(url))
    }

    func pageKind(for parts: URLResolver.Parts) -> String? {
        guard let host = URLResolver.host(of: parts), hostSet.contains(host) else { return nil }
        let pq = URLResolver.pathAndQuery(of: parts)
        return definition.pageKinds.first { $0.literalPrefix.isEmpty || pq.hasPrefix($0.literalPrefix) ? $0.regex.matches(pq) : false }?.name
    }

    /// `url` with tracking parameters dropped and a host alias moved to the canonical host.
    public func normalize(_ url: String) -> String {
        URLResolver.normalize(url, dropping: trackingSet, hostAliases: hostSet, canonicalHost: definition.canonicalHost)
    }

    func normalize(_ parts: inout URLResolver.Parts) {
        URLResolver.normalize(&parts, dropping: trackingSet, hostAliases: hostSet, canonicalHost: definition.canonicalHost)
    }

    /// Parses one page into records, rejects and links.
    /// - Parameter recordTypes: when given, only record blocks of these types run (a source's
    ///   `emit = [...]`); the others cost nothing and yield no rejects.
    /// - Throws: `ParseError` for a page that cannot be parsed at all (empty, binary, too large,
    ///   no page kind for its URL).
    public func parse(_ page: Page, recordTypes: Set<RecordType>? = nil) throws -> ParseResult {
        try PageGuard.check(page, maxBytes: definition.maxPageBytes)
        guard let kindName = pageKind(for: page.url),
              let kind = definition.pageKinds.first(where: { $0.name == kindName }) else {
            throw ParseError(kind: .noPageKind, url: page.url,
                             detail: "no page kind of parser \(name) matches this URL (hosts: \(hosts.joined(separator: ", ")); kinds: \(definition.pageKinds.map { "\($0.name) \($0.urlPattern)" }.joined(separator: ", ")))")
        }
        let doc: HTMLDocument
        do {
            doc = try HTMLDocument(bytes: page.body, url: page.url, contentType: page.contentType,
                                   charsetOverride: page.charsetOverride, defaultCharset: definition.defaultCharset,
                                   dropRawText: dropsRawText)
        } catch {
            throw ParseError(kind: .malformed, url: page.url, detail: "libxml2 could not build a document")
        }
        return try pool.withCache { cache in
            var run = PageRun(parser: self, page: page, doc: doc, kind: kind, cache: cache, recordTypes: recordTypes)
            return try run.result()
        }
    }
}
