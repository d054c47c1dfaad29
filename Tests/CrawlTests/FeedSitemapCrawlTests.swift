import Foundation
import GleanerCrawl
import GleanerParse
import Logging
import Synchronization
import Testing
import TestSupport

/// Feeds and sitemaps served beside the replica's pages, ETag and 304 like a web server; a
/// document can be changed between runs.
final class FeedRoutes: Sendable {
    let site: ReplicaSite
    /// The documents by path, held by the routes themselves (not by this object, which a test
    /// may drop once it has set them up).
    private final class Bodies: Sendable {
        let map = Mutex<[String: (bytes: [UInt8], type: String)]>([:])
    }
    private let bodies = Bodies()
    static let fixtures = repositoryRoot().appendingPathComponent("Tests/ParseTests/Fixtures/feeds")

    init(_ site: ReplicaSite) { self.site = site }

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    func serve(_ path: String, _ bytes: [UInt8], type: String = "application/xml") {
        bodies.map.withLock { $0[path] = (bytes, type) }
        let bodies = self.bodies
        site.server.route(path) { request, connection in
            guard let body = bodies.map.withLock({ $0[request.path] }) else {
                connection.respond(status: 404, text: "gone\n")
                return
            }
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in body.bytes { h ^= UInt64(b); h &*= 0x100_0000_01B3 }
            let headers = [("ETag", "\"\(String(h, radix: 16))\""), ("Content-Type", body.type)]
            if request.header("If-None-Match") == "\"\(String(h, radix: 16))\"" {
                connection.respond(status: 304, headers: headers)
            } else {
                connection.respond(status: 200, headers: headers, body: body.bytes)
            }
        }
    }

    func serve(_ path: String, fixture: String, type: String = "application/xml") throws {
        serve(path, try Self.fixture(fixture), type: type)
    }
}

@Suite struct FeedSitemapCrawlTests {
    static func source(_ name: String, _ keys: String, maxDepth: Int = 1) -> String {
        """
        [[source]]
        name = "\(name)"
        parser = "tvseoul"
        \(keys)
        every = "1h"
        jitter = "0s"
        max_depth = \(maxDepth)
        emit = ["article"]
        """
    }

    static func crawler(_ config: Configuration) throws -> (Crawler, SiteParser) {
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return (Crawler(fetcher: runtime.fetcher, output: runtime.output, metrics: runtime.metrics, logger: logger), parser)
    }

    static func articles(_ site: ReplicaSite) -> [String] {
        site.server.requests(path: "/news/article.html").compactMap(\.query).sorted()
    }

    /// The feed's articles are crawled without any seed; off-site and print links are not. The
    /// next run asks for the feed conditionally, gets a 304 and fetches no article again.
    @Test func anRSSFeedDrivesTheCrawlAndAnUnchangedFeedIsA304() async throws {
        let site = try ReplicaSite()
        try FeedRoutes(site).serve("/rss/allArticle.xml", fixture: "rss2.xml", type: "application/rss+xml")
        let dir = try TemporaryDirectory()
        let text = Self.source("feed", "feeds = [\"http://www.tvseoul.kr/rss/allArticle.xml\"]")
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: text))
        #expect(config.sources[0].seeds.isEmpty)
        let (crawler, parser) = try Self.crawler(config)

        let first = await crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        #expect(first.succeeded, "\(first.outcome)")
        #expect(first.feeds.documents == 1 && first.feeds.found == 4, "\(first.feeds)")
        #expect(first.feeds.followed == 2 && first.feeds.outOfScope == 2, "\(first.feeds)")
        #expect(first.emitted[.article] == 2, "\(first.summary)")
        #expect(Self.articles(site) == ["no=64466", "no=64483"], "tracking parameters dropped, print and off-site not fetched")
        #expect(first.summary.contains("feeds: 1 document, 4 entries: 2 followed, 0 unchanged, 2 out of scope"), "\(first.summary)")

        let second = await crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        let asked = site.server.requests(path: "/rss/allArticle.xml")
        #expect(asked.count == 2 && asked[1].header("If-None-Match") != nil, "the feed is polled conditionally")
        #expect(second.notModified == 1 && second.fetched == 0, "\(second.summary)")
        // The entries the feed listed last time, without their dates: the articles' revisit is not due.
        #expect(second.feeds.found == 4 && second.feeds.unchanged == 2 && second.feeds.followed == 0, "\(second.feeds)")
        #expect(Self.articles(site) == ["no=64466", "no=64483"], "no article fetched again")
        #expect(second.succeeded)
    }

    /// The second run's sitemap dates one article after its last fetch: only that one is
    /// fetched again; the others' dates (or, undated, their revisit) say they have not changed.
    @Test func aSitemapLastmodFetchesOnlyWhatChangedSinceItsLastFetch() async throws {
        let site = try ReplicaSite()
        let routes = FeedRoutes(site)
        try routes.serve("/sitemap.xml", fixture: "sitemap.xml")
        let dir = try TemporaryDirectory()
        let config = try Configuration.load(file: EndToEndTests.config(
            dir, site, sources: Self.source("sitemap", "sitemaps = [\"http://www.tvseoul.kr/sitemap.xml\"]")))
        let (crawler, parser) = try Self.crawler(config)

        let first = await crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        #expect(first.feeds.found == 4 && first.feeds.followed == 4, "\(first.feeds)")
        #expect(Self.articles(site) == ["no=62031", "no=64466", "no=64483"])

        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(5))
        let text = String(decoding: try FeedRoutes.fixture("sitemap.xml"), as: UTF8.self)
            .replacingOccurrences(of: "2025-07-02T14:05:00+09:00", with: later)
        routes.serve("/sitemap.xml", Array(text.utf8))
        let second = await crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        #expect(second.feeds.followed == 1 && second.feeds.unchanged == 3, "\(second.feeds)")
        #expect(Self.articles(site) == ["no=62031", "no=64466", "no=64483", "no=64483"], "only the changed article again")
        #expect(site.server.requests(path: "/news/section_list_all.html").count == 1)
    }

    /// An index that lists itself is read once, a `.xml.gz` news sitemap is inflated, and an
    /// index below the depth limit is not followed; `gleaner once` says so, and the metrics count it.
    @Test func aSitemapIndexIsFollowedWithinItsBounds() throws {
        let site = try ReplicaSite()
        let routes = FeedRoutes(site)
        try routes.serve("/sitemap-index.xml", fixture: "sitemap-index.xml")
        try routes.serve("/sitemap-articles.xml", fixture: "sitemap.xml")
        routes.serve("/news-sitemap.xml.gz", TestCompression.gzip(try FeedRoutes.fixture("news-sitemap.xml")), type: "application/gzip")
        routes.serve("/sitemap-nested-index.xml", Array("""
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>http://www.tvseoul.kr/sitemap-deep.xml</loc></sitemap></sitemapindex>
            """.utf8))
        try routes.serve("/sitemap-deep.xml", fixture: "news-sitemap.xml")
        let dir = try TemporaryDirectory()
        let config = EndToEndTests.config(dir, site, sources: Self.source("index", "sitemaps = [\"http://www.tvseoul.kr/sitemap-index.xml\"]"))

        let run = try GleanerProcess.run(["once", "--config", config])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        for (path, count) in [("/sitemap-index.xml", 1), ("/sitemap-articles.xml", 1), ("/news-sitemap.xml.gz", 1),
                              ("/sitemap-nested-index.xml", 1), ("/sitemap-deep.xml", 0)] {
            #expect(site.server.requests(path: path).count == count, "\(path)")
        }
        #expect(run.stdout.contains("feeds: 4 documents, 4 entries: 4 followed, 0 unchanged, 0 out of scope, 1 sitemaps past sitemap_max_depth/sitemap_max_files"),
                "\(run.stdout)")
        let metrics = try String(contentsOfFile: dir.path + "/gleaner.prom", encoding: .utf8)
        #expect(metrics.contains("gleaner_feed_entries_total{source=\"index\",outcome=\"followed\"} 4"), "\(metrics)")
    }

    /// `sitemap_max_files` bounds the documents of a run: the index and its first sitemap.
    @Test func sitemapMaxFilesBoundsTheDocumentsOfARun() async throws {
        let site = try ReplicaSite()
        let routes = FeedRoutes(site)
        try routes.serve("/sitemap-index.xml", fixture: "sitemap-index.xml")
        try routes.serve("/sitemap-articles.xml", fixture: "sitemap.xml")
        routes.serve("/news-sitemap.xml.gz", TestCompression.gzip(try FeedRoutes.fixture("news-sitemap.xml")), type: "application/gzip")
        let dir = try TemporaryDirectory()
        let keys = "sitemaps = [\"http://www.tvseoul.kr/sitemap-index.xml\"]\nsitemap_max_files = 2"
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: Self.source("files", keys)))
        let (crawler, parser) = try Self.crawler(config)
        let report = await crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        #expect(report.feeds.documents == 2 && report.feeds.sitemapsSkipped == 2, "\(report.feeds)")
        #expect(site.server.requests(path: "/news-sitemap.xml.gz").isEmpty && site.server.requests(path: "/sitemap-nested-index.xml").isEmpty)
        #expect(report.feeds.followed == 4, "the first sitemap's entries are still crawled: \(report.feeds)")
    }

    /// `sitemaps_from_robots` reads what robots.txt's Sitemap lines announce (the replica's
    /// robots.txt names a sitemap and the RSS feed).
    @Test func robotsSitemapLinesAreRead() async throws {
        let site = try ReplicaSite()
        let routes = FeedRoutes(site)
        try routes.serve("/sitemap.xml", fixture: "news-sitemap.xml")
        try routes.serve("/rss/allArticle.xml", fixture: "rss2.xml")
        let dir = try TemporaryDirectory()
        let keys = "seeds = [\"http://www.tvseoul.kr/news/article.html?no=62031\"]\nsitemaps_from_robots = true"
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: Self.source("robots", keys, maxDepth: 1)))
        let (crawler, parser) = try Self.crawler(config)
        let report = await crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        #expect(site.server.requests(path: "/sitemap.xml").count == 1)
        #expect(site.server.requests(path: "/rss/allArticle.xml").count == 1)
        #expect(report.feeds.documents == 2 && report.feeds.found == 4, "\(report.feeds)")
        #expect(Set(Self.articles(site)).isSuperset(of: ["no=62031", "no=64466", "no=64483"]))
    }

    /// A gzip bomb stops at `sitemap_max_size`: the run fails naming the limit, nothing else is lost.
    @Test func aGzipBombSitemapFailsAtTheSizeLimit() async throws {
        let site = try ReplicaSite()
        let bomb = TestCompression.gzip(Array("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">".utf8)
            + [UInt8](repeating: 0x20, count: 64 << 20))
        FeedRoutes(site).serve("/bomb.xml.gz", bomb, type: "application/gzip")
        let dir = try TemporaryDirectory()
        let keys = "sitemaps = [\"http://www.tvseoul.kr/bomb.xml.gz\"]\nsitemap_max_size = \"1MiB\""
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: Self.source("bomb", keys)))
        let (crawler, parser) = try Self.crawler(config)
        let report = await crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        #expect(report.failures == ["parse_too-large": 1], "\(report.failures)")
        #expect(!report.succeeded)
        #expect(report.outcome.contains("inflates to more than 1048576 bytes") && report.outcome.contains("bomb.xml.gz"), "\(report.outcome)")
    }

    @Test func feedKeysAreValidatedWithFileLineAndKey() throws {
        let base = "[[source]]\nname = \"s\"\nparser = \"tvseoul\"\n"
        let ok = try Configuration.parse(base + "sitemaps = [\"http://www.tvseoul.kr/sitemap.xml.gz\"]\nsitemap_max_files = 3\n")
        #expect(ok.sources[0].seeds.isEmpty && ok.sources[0].feeds.maxFiles == 3 && ok.sources[0].feeds.maxDepth == 1)
        let cases: [(String, String, String)] = [
            ("feeds = [\"rss.xml\"]\n", "source[0].feeds[0]", "expected an absolute http:// or https:// URL, found \"rss.xml\""),
            ("feeds = [\"http://www.tvseoul.kr/rss\"]\nmax_depth = 0\n", "source[0].max_depth", "expected at least 1 with feeds or sitemaps"),
            ("sitemaps = [\"http://www.tvseoul.kr/s.xml\"]\nsitemap_max_depth = 9\n", "source[0].sitemap_max_depth", "expected an integer from 0 to 5, found 9"),
            ("sitemaps_from_robots = \"yes\"\n", "source[0].sitemaps_from_robots", "true or false"),
            ("", "source[0].seeds", "seed URLs, feeds or sitemaps"),
            ("sitemaps_from_robots = true\n", "source[0].sitemaps_from_robots", "expected a seed, feed or sitemap URL beside it"),
        ]
        for (keys, key, message) in cases {
            let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(base + keys, file: "g.toml") }
            let problem = try #require(error.problems.first { $0.key == key }, "\(error)")
            #expect(problem.description.hasPrefix("g.toml:"), "\(problem)")
            #expect(problem.description.contains(message), "\(problem)")
        }
    }
}
