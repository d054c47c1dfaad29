import Foundation
@testable import GleanerParse
import Testing
import TestSupport

/// Feeds and sitemaps as gleaner reads them for their links: every format's entries, resolved,
/// with the date that says when each last changed; gzip within the limit; hostile XML refused
/// without expanding or fetching anything.
@Suite struct FeedParserTests {
    static let fixtures = Repo.root.appendingPathComponent("Tests/ParseTests/Fixtures/feeds")
    static func fixture(_ name: String) throws -> [UInt8] { try Repo.bytes(fixtures.appendingPathComponent(name)) }
    static func parse(_ name: String, url: String = "http://www.tvseoul.kr/feed", maxBytes: Int = 1 << 20) throws -> FeedDocument {
        try FeedDocument.parse(fixture(name), url: url, maxBytes: maxBytes)
    }
    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func rss2ItemsGiveTheirLinkOrPermalinkGuidAndPubDate() throws {
        let feed = try Self.parse("rss2.xml")
        #expect(feed.format == .rss2)
        #expect(feed.entries.map(\.url) == [
            "http://www.tvseoul.kr/news/article.html?no=64483&utm_source=rss",
            "http://www.tvseoul.kr/news/article.html?no=64466",
            "http://www.tvseoul.kr/news/print.html?no=64466",
            "http://example.org/story/1",
        ])
        #expect(feed.entries[0].date == Self.date("2025-07-02T05:05:00Z"))
        #expect(feed.entries[1].date == Self.date("2025-07-01T09:30:00Z"))
        #expect(feed.entries[2].date == nil)
        #expect(feed.invalidEntries == 1, "the item without a link")
    }

    @Test func rss1ItemsGiveTheirLinkOrAboutAndDcDate() throws {
        let feed = try Self.parse("rss1.rdf")
        #expect(feed.format == .rss1)
        #expect(feed.entries == [
            .init(url: "http://www.tvseoul.kr/news/article.html?no=62031", date: Self.date("2025-06-29T23:00:00Z")),
            // A date without a time stands for the end of that day.
            .init(url: "http://www.tvseoul.kr/news/article.html?no=64466", date: Self.date("2025-07-01T23:59:59Z")),
        ])
    }

    @Test func atomEntriesGiveTheAlternateLinkResolvedAndUpdated() throws {
        let feed = try Self.parse("atom.xml", url: "http://www.tvseoul.kr/atom.xml")
        #expect(feed.format == .atom)
        #expect(feed.entries == [
            .init(url: "http://www.tvseoul.kr/news/article.html?no=64483", date: Self.date("2025-07-02T05:05:00Z")),
            .init(url: "http://www.tvseoul.kr/news/article.html?no=62031", date: Self.date("2025-06-29T23:00:00Z")),
        ])
    }

    @Test func sitemapsGiveLocAndLastmodNewsSitemapsThePublicationDate() throws {
        let sitemap = try Self.parse("sitemap.xml")
        #expect(sitemap.format == .urlset)
        #expect(sitemap.entries.map(\.url).count == 4)
        #expect(sitemap.entries[0].date == Self.date("2025-07-02T05:05:00Z"))
        #expect(sitemap.entries[2] == .init(url: "http://www.tvseoul.kr/news/article.html?no=62031", date: nil))
        let news = try Self.parse("news-sitemap.xml")
        #expect(news.entries == [.init(url: "http://www.tvseoul.kr/news/article.html?no=64483", date: Self.date("2025-07-02T05:05:00Z"))])
        let index = try Self.parse("sitemap-index.xml")
        #expect(index.format == .sitemapIndex)
        #expect(index.entries.map(\.url) == [
            "http://www.tvseoul.kr/sitemap-articles.xml", "http://www.tvseoul.kr/news-sitemap.xml.gz",
            "http://www.tvseoul.kr/sitemap-index.xml", "http://www.tvseoul.kr/sitemap-nested-index.xml",
        ])
    }

    @Test func aGzipSitemapIsInflatedAndABombStopsAtTheLimit() throws {
        let plain = try Self.parse("sitemap.xml")
        let gzipped = try FeedDocument.parse(TestCompression.gzip(Self.fixture("sitemap.xml")), url: "http://www.tvseoul.kr/s.xml.gz", maxBytes: 1 << 20)
        #expect(gzipped.entries == plain.entries)
        // 64 MiB of whitespace inside a sitemap, 64 KiB compressed: refused at 1 MiB inflated.
        let bomb = TestCompression.gzip(Array("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">".utf8)
            + [UInt8](repeating: 0x20, count: 64 << 20))
        #expect(bomb.count < 1 << 20)
        let error = try #require(throws: ParseError.self) { try FeedDocument.parse(bomb, url: "http://www.tvseoul.kr/bomb.xml.gz", maxBytes: 1 << 20) }
        #expect(error.kind == .tooLarge)
        #expect(error.description.contains("inflates to more than 1048576 bytes"), "\(error)")
        let truncated = Array(TestCompression.gzip(try Self.fixture("sitemap.xml")).dropLast(40))
        let cut = try #require(throws: ParseError.self) { try FeedDocument.parse(truncated, url: "http://x.test/s.gz", maxBytes: 1 << 20) }
        #expect(cut.kind == .malformed && cut.detail.contains("gzip"), "\(cut)")
    }

    @Test func billionLaughsIsRefusedWithoutExpanding() throws {
        let error = try #require(throws: ParseError.self) { try Self.parse("billion-laughs.xml") }
        #expect(error.kind == .malformed)
        #expect(error.detail.contains("<!ENTITY"), "\(error)")
    }

    /// External entities and an external DTD: nothing is read from disk or the network.
    @Test func externalEntitiesAndDTDsAreNeverFetched() throws {
        let server = try TestHTTPServer()
        server.route("/secret") { _, c in c.respond(status: 200, text: "SECRET") }
        server.route("/evil.dtd") { _, c in c.respond(status: 200, text: "<!ENTITY leak \"SECRET\">") }
        let dir = try TemporaryDirectory()
        let file = dir.path + "/secret.txt"
        try "SECRET".write(toFile: file, atomically: true, encoding: .utf8)
        let urlset = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        for system in ["file://\(file)", "\(server.baseURL)/secret"] {
            let xxe = "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM \"\(system)\">]>\(urlset)<url><loc>http://www.tvseoul.kr/&xxe;</loc></url></urlset>"
            let error = try #require(throws: ParseError.self) { try FeedDocument.parse(Array(xxe.utf8), url: "http://x.test/", maxBytes: 1 << 20) }
            #expect(error.detail.contains("<!ENTITY"), "\(error)")
        }
        // No entity declared here: the external DTD would declare one, but it is never loaded.
        let dtd = "<?xml version=\"1.0\"?><!DOCTYPE urlset SYSTEM \"\(server.baseURL)/evil.dtd\">\(urlset)<url><loc>http://www.tvseoul.kr/a&leak;</loc></url></urlset>"
        let doc = try FeedDocument.parse(Array(dtd.utf8), url: "http://x.test/", maxBytes: 1 << 20)
        #expect(!doc.entries.map(\.url).joined().contains("SECRET"), "\(doc.entries)")
        #expect(server.requests.isEmpty, "libxml2 fetched \(server.requests.map(\.path))")
    }

    @Test func aDocumentThatIsNoFeedSaysWhatItsRootIs() throws {
        let html = try #require(throws: ParseError.self) {
            try FeedDocument.parse(Array("<html><body>hi</body></html>".utf8), url: "http://x.test/feed", maxBytes: 1 << 20)
        }
        #expect(html.description.contains("root element <html> is not a feed or sitemap"), "\(html)")
        let wrongNamespace = try #require(throws: ParseError.self) {
            try FeedDocument.parse(Array("<urlset xmlns=\"http://example.org/other\"/>".utf8), url: "http://x.test/s", maxBytes: 1 << 20)
        }
        #expect(wrongNamespace.description.contains("in namespace http://example.org/other"), "\(wrongNamespace)")
        let notXML = try #require(throws: ParseError.self) { try FeedDocument.parse(Array("not xml at all".utf8), url: "http://x.test/s", maxBytes: 1 << 20) }
        #expect(notXML.kind == .malformed, "\(notXML)")
        let big = try #require(throws: ParseError.self) { try Self.parse("sitemap.xml", maxBytes: 100) }
        #expect(big.kind == .tooLarge)
    }

    @Test func feedDatesAreReadStrictly() {
        #expect(FeedDate.parse("2025-07-02T14:05:00+09:00") == Self.date("2025-07-02T05:05:00Z"))
        #expect(FeedDate.parse("2025-07-02T05:05Z") == Self.date("2025-07-02T05:05:00Z"))
        #expect(FeedDate.parse("2025-07-02T05:05:00.250-0400")?.timeIntervalSince(Self.date("2025-07-02T09:05:00Z")) == 0.25)
        #expect(FeedDate.parse("2025-07") == Self.date("2025-07-31T23:59:59Z"))
        #expect(FeedDate.parse("2025") == Self.date("2025-12-31T23:59:59Z"))
        #expect(FeedDate.parse("Wed, 02 Jul 2025 14:05:00 +0900") == Self.date("2025-07-02T05:05:00Z"))
        #expect(FeedDate.parse("2 Jul 2025 05:05 GMT") == Self.date("2025-07-02T05:05:00Z"))
        #expect(FeedDate.parse("Wed, 02 Jul 2025 01:05:00 EDT") == Self.date("2025-07-02T05:05:00Z"))
        for bad in ["", "yesterday", "2025-13-01", "2025-02-30", "2025-07-02T25:00:00Z", "Wed, 31 Feb 2025 10:00:00 GMT",
                    "02 Jul 2025 10:00:00 XYZ", "2025-07-02T10:00:00+9"] {
            #expect(FeedDate.parse(bad) == nil, "\(bad)")
        }
    }
}
