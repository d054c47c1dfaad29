import Foundation
import GleanerModel
@testable import GleanerParse
import Testing
import TestSupport

/// A page kind with `format = "xml"`: its records and links come from libxml2's XML tree, the
/// common namespace prefixes usable in its XPaths, gzip bodies inflated within `max_page_bytes`.
@Suite struct XMLPageKindTests {
    static func parser(_ extra: String = "", atomLinks: String = "//atom:entry/atom:link[@rel='alternate' or not(@rel)]/@href") throws -> SiteParser {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("parser.toml")
        try """
            [site]
            name = "xmlsite"
            hosts = ["www.tvseoul.kr"]
            \(extra)
            [pages.news_sitemap]
            url = '^/news-sitemap\\.xml'
            format = "xml"
            records = ["listed"]
            links = ["sitemap_articles"]
            [pages.atom]
            url = '^/atom\\.xml'
            format = "xml"
            links = ["atom_articles"]
            [pages.article]
            url = '^/news/article\\.html\\?no=\\d+'
            [links.sitemap_articles]
            xpath = "//sm:url/sm:loc"
            kind = "article"
            [links.atom_articles]
            xpath = "\(atomLinks)"
            kind = "article"
            [records.listed]
            type = "teaser"
            each = "//sm:url[news:news]"
            id = { xpath = "sm:loc", transforms = [{ regex = 'no=(\\d+)' }] }
            [records.listed.fields]
            title = { xpath = "news:news/news:title", transforms = ["collapse"] }
            target_url = { xpath = "sm:loc" }
            box = { xpath = "news:news/news:publication/news:name" }
            """.write(to: file, atomically: true, encoding: .utf8)
        let (def, errors) = ParserDefinitionLoader.load(file: file, types: SampleTypes.catalog)
        return SiteParser(definition: try #require(def, "\(errors)"))
    }

    static func fixture(_ name: String) throws -> [UInt8] { try FeedParserTests.fixture(name) }

    @Test func aNewsSitemapPageKindYieldsRecordsAndLinksThroughPrefixes() throws {
        let parser = try Self.parser()
        for body in [try Self.fixture("news-sitemap.xml"), TestCompression.gzip(try Self.fixture("news-sitemap.xml"))] {
            let result = try parser.parse(Page(url: "http://www.tvseoul.kr/news-sitemap.xml", body: body, fetchedAt: Date()))
            #expect(result.pageKind == "news_sitemap")
            #expect(result.links.map(\.url) == ["http://www.tvseoul.kr/news/article.html?no=64483"])
            let record = try #require(result.records.first, "\(result.rejects)")
            #expect(result.records.count == 1)
            #expect(record.id == "64483")
            #expect(record.jsonString.contains("\"title\":\"서울시의회, 추경 예산안 의결\""), "\(record.jsonString)")
            #expect(record.jsonString.contains("\"box\":\"TV서울\""), "\(record.jsonString)")
        }
    }

    @Test func atomLinksAreAttributesOfNamespacedElements() throws {
        let result = try Self.parser().parse(Page(url: "http://www.tvseoul.kr/atom.xml", body: try Self.fixture("atom.xml"), fetchedAt: Date()))
        #expect(result.links.map(\.url) == ["http://www.tvseoul.kr/news/article.html?no=64483",
                                            "http://www.tvseoul.kr/news/article.html?no=62031"])
    }

    /// The same bytes through an HTML page kind: the HTML parser knows no namespaces, so a
    /// prefixed XPath is an error there (and a gzip body is refused as binary).
    @Test func withoutFormatXMLTheHTMLParserFindsNothing() throws {
        let parser = try Self.parser()
        let html = try #require(parser.definition.pageKinds.first { $0.name == "article" })
        #expect(html.format == .html)
        let doc = try HTMLDocument(bytes: try Self.fixture("news-sitemap.xml"), url: "http://www.tvseoul.kr/x")
        let prefix = try #require(throws: XPathError.self) { try doc.nodes("//sm:url/sm:loc") }
        #expect(prefix.detail.contains("amespace"), "\(prefix)")
        let xml = try HTMLDocument(xml: try Self.fixture("news-sitemap.xml"), url: "http://www.tvseoul.kr/x", maxBytes: 1 << 20)
        #expect(try xml.strings("//sm:url/sm:loc") == ["http://www.tvseoul.kr/news/article.html?no=64483"])
        #expect(try xml.nodes("//loc").isEmpty, "a name without a prefix is one in no namespace")
        let bomb = TestCompression.gzip(try Self.fixture("news-sitemap.xml"))
        let error = try #require(throws: ParseError.self) {
            try parser.parse(Page(url: "http://www.tvseoul.kr/news/article.html?no=1", body: bomb, fetchedAt: Date()))
        }
        #expect(error.kind == .binary)
    }

    /// `//tag/@attr` rules take gleaner's own tree walk: on XML it answers as XPath does, `*`
    /// any element (namespaced ones too), a bare name only elements in no namespace.
    @Test func attributeRulesMatchXPathOnNamespacedElements() throws {
        let atom = try Self.fixture("atom.xml")
        let any = try Self.parser(atomLinks: "//*/@href").parse(Page(url: "http://www.tvseoul.kr/atom.xml", body: atom, fetchedAt: Date()))
        #expect(any.links.map(\.url) == ["http://www.tvseoul.kr/news/article.html?no=64483", "http://www.tvseoul.kr/news/article.html?no=62031"])
        let bare = try Self.parser(atomLinks: "//link/@href").parse(Page(url: "http://www.tvseoul.kr/atom.xml", body: atom, fetchedAt: Date()))
        #expect(bare.links.isEmpty, "\(bare.links)")
    }

    @Test func aGzipXMLPageIsLimitedByMaxPageBytesAndBadFormatsAreNamed() throws {
        let parser = try Self.parser("max_page_bytes = 1024")
        let big = TestCompression.gzip(try Self.fixture("news-sitemap.xml") + [UInt8](repeating: 0x20, count: 4096))
        let error = try #require(throws: ParseError.self) {
            try parser.parse(Page(url: "http://www.tvseoul.kr/news-sitemap.xml", body: big, fetchedAt: Date()))
        }
        #expect(error.kind == .tooLarge, "\(error)")
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("parser.toml")
        try "[site]\nname = \"x\"\nhosts = [\"a.kr\"]\n[pages.p]\nurl = '^/'\nformat = \"rss\"\n".write(to: file, atomically: true, encoding: .utf8)
        let (_, errors) = ParserDefinitionLoader.load(file: file, types: SampleTypes.catalog)
        #expect(errors.map(\.description).contains { $0.contains("pages.p.format: expected one of \"html\", \"xml\", found \"rss\"") }, "\(errors)")
    }
}
