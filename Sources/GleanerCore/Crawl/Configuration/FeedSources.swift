import GleanerModel
import GleanerParse

/// A source's feeds and sitemaps: documents read at the start of every run for the article
/// URLs they list (`docs/configuration.md`, "Feeds and sitemaps").
public struct FeedSources: Sendable, Equatable {
    /// `feeds`: RSS 2.0, RSS 1.0 or Atom 1.0 URLs. Default none.
    public var feeds: [String] = []
    /// `sitemaps`: sitemap (urlset, news sitemap) or sitemap index URLs, `.xml.gz` too. Default none.
    public var sitemaps: [String] = []
    /// `sitemaps_from_robots`: also read the sitemaps the `Sitemap:` lines of robots.txt announce
    /// (robots.txt of each seed's, feed's and sitemap's origin). Default false.
    public var fromRobots = false
    /// `sitemap_max_depth`: how many levels of sitemap indexes below a listed sitemap are
    /// followed (an index listing sitemaps is one). Default 1.
    public var maxDepth = 1
    /// `sitemap_max_files`: feed and sitemap documents read per run at most. Default 50.
    public var maxFiles = 50
    /// `sitemap_max_size`: the most a feed or sitemap may be, after gzip is inflated. Default
    /// 50 MiB (the sitemap protocol's own limit).
    public var maxBytes = ByteSize.mebibytes(50)

    public init() {}

    /// True when the source reads any feed or sitemap.
    public var isActive: Bool { !feeds.isEmpty || !sitemaps.isEmpty || fromRobots }
}

extension ConfigLimits {
    static let sitemapDepth = 0...5
    static let sitemapFiles = 1...10_000
    static let sitemapSize = ByteSize(bytes: 1 << 10)...ByteSize(bytes: 1 << 30)
}

extension FeedSources {
    /// Reads the keys from a `[[source]]` table.
    mutating func read(_ r: TOMLReader) {
        if let v = r.stringArray("feeds") { feeds = v }
        if let v = r.stringArray("sitemaps") { sitemaps = v }
        if let v = r.bool("sitemaps_from_robots") { fromRobots = v }
        if let v = r.int("sitemap_max_depth", ConfigLimits.sitemapDepth) { maxDepth = v }
        if let v = r.int("sitemap_max_files", ConfigLimits.sitemapFiles) { maxFiles = v }
        if let v = r.byteSize("sitemap_max_size", ConfigLimits.sitemapSize) { maxBytes = v }
    }

    /// True when the table names feeds or sitemaps (then `seeds` may be left out).
    static func declared(in r: TOMLReader) -> Bool {
        r.table["feeds"] != nil || r.table["sitemaps"] != nil || r.table["sitemaps_from_robots"] != nil
    }
}

extension Configuration {
    /// Feed and sitemap URLs are absolute http(s) URLs; their entries sit one hop from the seeds.
    func validateFeeds(_ context: TOMLReader.Context) {
        for (i, source) in sources.enumerated() {
            let at = "source[\(i)]"
            for (key, urls) in [("feeds", source.feeds.feeds), ("sitemaps", source.feeds.sitemaps)] {
                for (j, url) in urls.enumerated() {
                    if case .failure(let failure) = WebURL.parse(url) {
                        context.report("\(at).\(key)[\(j)]", "expected an absolute http:// or https:// URL, found \"\(url)\" (\(failure.detail))")
                    }
                }
            }
            if source.feeds.fromRobots, source.seeds.isEmpty, source.feeds.feeds.isEmpty, source.feeds.sitemaps.isEmpty {
                context.report("\(at).sitemaps_from_robots", "expected a seed, feed or sitemap URL beside it: the robots.txt read is that of their hosts")
            }
            if source.feeds.isActive, source.maxDepth < 1 {
                context.report("\(at).max_depth", "expected at least 1 with feeds or sitemaps (their entries are one hop from the seeds), found \(source.maxDepth)")
            }
        }
    }
}
