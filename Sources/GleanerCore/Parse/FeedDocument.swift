import Foundation
import GleanerModel

/// What a feed or a sitemap lists, read with libxml2's XML parser (`HTMLDocument(xml:)`) and the
/// same XPath evaluation as parser files: RSS 2.0, RSS 1.0 (RDF), Atom 1.0, sitemap `urlset`
/// (Google News `news:publication_date` included) and sitemap indexes.
public struct FeedDocument: Sendable {
    public enum Format: String, Sendable {
        case rss2 = "rss"
        case rss1 = "rdf"
        case atom
        case urlset = "sitemap"
        case sitemapIndex = "sitemap index"
    }

    /// One listed URL, resolved against the document's URL, with the date that says when it last
    /// changed (nil when the entry has none, or one that does not parse).
    public struct Entry: Sendable, Equatable {
        public var url: String
        public var date: Date?
        public init(url: String, date: Date? = nil) {
            self.url = url
            self.date = date
        }
    }

    public var format: Format
    /// Pages the document lists (articles); for a sitemap index, the sitemaps it lists.
    public var entries: [Entry]
    /// Entries whose URL could not be resolved to an http(s) URL (empty, `javascript:`, bad host).
    public var invalidEntries = 0

    /// Parses a feed or sitemap body (gzip inflated first, to at most `maxBytes`).
    /// - Throws: `ParseError`: too large, not well-formed, declaring entities, or a root element
    ///   that is none of the known formats (`.malformed`, naming the root and its namespace).
    public static func parse(_ bytes: [UInt8], url: String, maxBytes: Int, budget: PageBudget = .standard) throws -> FeedDocument {
        let doc = try HTMLDocument(xml: bytes, url: url, maxBytes: maxBytes, budget: budget)
        doc.xpathStepLimit = budget.xpathSteps
        guard let root = doc.root, let name = root.name else {
            throw ParseError(kind: .malformed, url: url, detail: "the XML has no root element")
        }
        let ns = root.namespaceURI
        let format: Format
        let items: String
        let link: [String]
        let date: [String]
        switch (name, ns) {
        case ("rss", nil):
            format = .rss2
            items = "/rss/channel/item"
            // A guid is the article's URL only when it says so (isPermaLink absent or true).
            link = ["link", "guid[not(@isPermaLink) or @isPermaLink='true']"]
            date = ["pubDate", "dc:date", "atom:updated"]
        case ("RDF", .some(XMLNamespaces.uri("rdf"))):
            format = .rss1
            items = "/rdf:RDF/rss1:item"
            link = ["rss1:link", "@rdf:about"]
            date = ["dc:date"]
        case ("feed", .some(XMLNamespaces.uri("atom"))):
            format = .atom
            items = "/atom:feed/atom:entry"
            link = ["atom:link[@rel='alternate' or not(@rel)]/@href", "atom:id[starts-with(., 'http')]"]
            date = ["atom:updated", "atom:published"]
        case ("urlset", .some(XMLNamespaces.uri("sm"))):
            format = .urlset
            items = "/sm:urlset/sm:url"
            link = ["sm:loc"]
            // A news sitemap dates the article by its publication; lastmod wins when both are there.
            date = ["sm:lastmod", "news:news/news:publication_date"]
        case ("sitemapindex", .some(XMLNamespaces.uri("sm"))):
            format = .sitemapIndex
            items = "/sm:sitemapindex/sm:sitemap"
            link = ["sm:loc"]
            date = ["sm:lastmod"]
        default:
            let known = "rss (RSS 2.0), rdf:RDF (RSS 1.0), atom:feed, sm:urlset or sm:sitemapindex"
            throw ParseError(kind: .malformed, url: url,
                             detail: "root element <\(name)>\(ns.map { " in namespace \($0)" } ?? "") is not a feed or sitemap (expected \(known))")
        }
        var document = FeedDocument(format: format, entries: [])
        let linkXPaths = try link.map { try XPathExpression($0) }
        let dateXPaths = try date.map { try XPathExpression($0) }
        let base = WebURL(url)
        var seen: Set<String> = []
        for item in try doc.nodes(items) {
            let href = try Self.firstText(linkXPaths, doc: doc, from: item)
            guard let href, let base, let resolved = URLResolver.resolve(href, against: base)?.serialization else {
                document.invalidEntries += 1
                continue
            }
            guard seen.insert(resolved).inserted else { continue }
            let when = try Self.firstText(dateXPaths, doc: doc, from: item)
            document.entries.append(Entry(url: resolved, date: when.flatMap(FeedDate.parse)))
        }
        return document
    }

    /// The first non-blank string value the expressions select from `node`, tried in order.
    private static func firstText(_ xpaths: [XPathExpression], doc: HTMLDocument, from node: HTMLNode) throws -> String? {
        for xpath in xpaths {
            for node in try doc.evaluate(xpath, from: node).nodes {
                let s = node.rawText.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { return s }
            }
        }
        return nil
    }
}
