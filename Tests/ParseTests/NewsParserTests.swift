import Foundation
import GleanerModel
@testable import GleanerParse
import Testing

/// The shipped generic parser (`Parsers/news`) beyond its goldens: dates with offsets, pages
/// without structured data, and `hosts = ["*"]`.
struct NewsParserTests {
    func news() throws -> SiteParser { try #require(try Repo.registry().parser(named: "news")) }

    func article(_ fixture: String) throws -> [String: Any] {
        let parser = try news()
        let f = try #require(try FixtureManifest.load(parserDirectory: parser.definition.directory).first { $0.file.lastPathComponent == fixture })
        let r = try parser.parse(Page(url: f.url, body: Repo.bytes(f.file), fetchedAt: f.fetchedAt))
        let record = try #require(r.records.first, "rejects: \(r.rejects)")
        return try #require(try JSONSerialization.jsonObject(with: Data(record.jsonString.utf8)) as? [String: Any])
    }

    /// Offsets written in the page are honoured and the instant is written in UTC.
    @Test func datesWithOffsetsComeOutAsTheSameInstant() throws {
        let korean = try article("korean_ndsoft.html")
        #expect(korean["published_at"] as? String == "2026-03-05T05:20:00Z")   // 14:20+09:00
        #expect(korean["modified_at"] as? String == "2026-03-05T09:02:41Z")    // 18:02:41+09:00
        let english = try article("english_wordpress.html")
        #expect(english["published_at"] as? String == "2026-04-12T12:15:00Z")  // 08:15-04:00
        let arc = try article("jsonld_body_only.html")
        #expect(arc["modified_at"] as? String == "2026-05-21T05:00:00Z")       // 06:00+01:00
    }

    @Test func aPageWithoutStructuredDataGetsTitleFromH1AndBodyFromTheHeuristic() throws {
        let a = try article("no_structured_data.html")
        #expect(a["title"] as? String == "Orchard Street bakery turns fifty")
        let body = try #require(a["body"] as? [String])
        #expect(body.first?.hasPrefix("When Halvard and Inge Brekke") == true)
        #expect(body.count == 5)
        #expect(!body.contains { $0.contains("cardamom buns are the best") }, "a comment")
        #expect(a["published_at"] is NSNull)
        #expect(a["language"] as? String == "en")
    }

    @Test func aListPageYieldsNoArticleAndNoReject() throws {
        let parser = try news()
        let page = Array("<html><head><title>Latest</title></head><body><ul><li><a href=\"/a\">One</a></li></ul></body></html>".utf8)
        let r = try parser.parse(Page(url: "https://any.example/latest", body: page, fetchedAt: Date(timeIntervalSince1970: 0)))
        #expect(r.records.isEmpty)
        #expect(r.rejects.isEmpty)
        #expect(r.links.map(\.url) == ["https://any.example/a"])
    }

    @Test func anyHostMeansTheSeedsHostsOnceASourceUsesIt() throws {
        let parser = try news()
        #expect(parser.servesAnyHost)
        #expect(parser.pageKind(for: "https://whatever.example/2026/story") == "page")
        let bound = parser.serving(seeds: ["https://Bay.example/", "https://bay.example/news", "http://www.bay.example/"])
        #expect(bound.hosts == ["bay.example", "www.bay.example"])
        #expect(bound.pageKind(for: "https://bay.example/2026/story") == "page")
        #expect(bound.pageKind(for: "https://elsewhere.example/2026/story") == nil)
        #expect(parser.serving(seeds: ["https://bay.example/"]) === parser.serving(seeds: ["https://bay.example/x"]))
        let page = Array("<html><body><a href=\"/a\">A</a> <a href=\"https://elsewhere.example/b\">B</a></body></html>".utf8)
        let r = try bound.parse(Page(url: "https://bay.example/", body: page, fetchedAt: Date(timeIntervalSince1970: 0)))
        #expect(r.links.map(\.url) == ["https://bay.example/a"])
        // A parser naming its hosts is unchanged.
        let tvseoul = try Repo.tvseoulParser()
        #expect(tvseoul.serving(seeds: ["https://bay.example/"]) === tvseoul)
    }

    static func load(site: String) -> [String] {
        let source = """
            [site]
            name = "generic"
            \(site)

            [pages.page]
            url = '^/'
            records = ["article"]

            [records.article]
            type = "article"
            id = { from = "url" }

            [records.article.fields]
            title = "//h1"
            """
        let (_, errors) = ParserDefinitionLoader.load(source: source, file: URL(fileURLWithPath: "/parsers/generic/parser.toml"),
                                                      displayPath: "generic/parser.toml")
        return errors.map { "\($0)" }.filter { $0.contains(": site.") }
    }

    @Test func wildcardMistakesNameFileLineAndKey() {
        #expect(Self.load(site: #"hosts = ["*"]"#).isEmpty)
        #expect(Self.load(site: #"hosts = ["*", "news.example"]"#)
            == [#"generic/parser.toml:3: site.hosts: '*' (the hosts of each source's seeds) stands alone: write hosts = ["*"] or name the hosts"#])
        #expect(Self.load(site: #"hosts = ["*.news.example"]"#)
            == [#"generic/parser.toml:3: site.hosts: '*.news.example': host patterns are not supported; name each host, or write hosts = ["*"] for the hosts of each source's seeds"#])
        #expect(Self.load(site: "hosts = [\"*\"]\ncanonical_host = \"news.example\"")
            == [#"generic/parser.toml:4: site.canonical_host: 'news.example' cannot be set with hosts = ["*"]: such a parser serves whatever hosts a source's seeds name"#])
    }
}
