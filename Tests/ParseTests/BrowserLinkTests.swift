import Foundation
import GleanerParse
import Testing

/// Hrefs on a page lead where a browser would take them (the URL Standard), and hrefs the
/// standard rejects are counted by reason instead of vanishing.
struct BrowserLinkTests {
    func parse(_ body: String, url: String = "http://www.tvseoul.kr/") throws -> ParseResult {
        let html = "<html><head><meta charset=\"utf-8\"></head><body>\(body)</body></html>"
        return try Repo.tvseoulParser().parse(Page(url: url, body: Array(html.utf8), fetchedAt: Date(timeIntervalSince1970: 0)))
    }

    @Test func hrefsResolveAsInABrowser() throws {
        let result = try parse("""
            <a href="\\news\\article.html?no=1">backslashes</a>
            <a href="/news/arti&#9;cle.html?no=2">a tab inside</a>
            <a href="/news/%2e%2E/news/article.html?no=3">encoded dot segment</a>
            <a href="http:news/article.html?no=4">same scheme, relative</a>
            <a href=" HTTP://TVSEOUL.KR:80/news/article.html?no=5&#10;">host alias, default port</a>
            <a href="/news/article.html?no=6&amp;sec=11">tracking parameter</a>
            """)
        #expect(result.links.filter { $0.pageKind == "article" }.map(\.url) == (1...6).map { "http://www.tvseoul.kr/news/article.html?no=\($0)" })
        #expect(result.invalidLinks.isEmpty)
    }

    @Test func hrefsTheStandardRejectsAreCountedByReason() throws {
        let result = try parse("""
            <a href="http://exa mple.kr/">space in the host</a>
            <a href="http://www.tvseoul.kr:99999/news/article.html?no=7">port out of range</a>
            <a href="http://1.2.3.999/">not an IPv4 address</a>
            <a href="http://[::1/">unclosed IPv6</a>
            <a href="mailto:news@tvseoul.kr">another scheme: skipped, not counted</a>
            <a href="#top">the page itself: not counted</a>
            <a href="/news/article.html?no=8">fine</a>
            """)
        #expect(result.invalidLinks == ["host-invalid": 1, "port-invalid": 1, "ipv4-invalid": 1, "ipv6-invalid": 1])
        #expect(result.links.map(\.url) == ["http://www.tvseoul.kr/news/article.html?no=8"])
    }

    @Test func baseHrefIsParsedByTheSameRules() throws {
        let result = try parse("""
            <base href="\\\\www.tvseoul.kr\\news\\">
            <a href="article.html?no=9">relative to the base</a>
            """)
        #expect(result.links.map(\.url) == ["http://www.tvseoul.kr/news/article.html?no=9"])
    }

    @Test(arguments: [
        ("\\news\\article.html?no=1", "http://www.tvseoul.kr/news/article.html?no=1"),
        ("/a/%2e%2e/b", "http://www.tvseoul.kr/b"),
        ("http://한국.kr/", "http://xn--3e0b707e.kr/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://exa mple.kr/", nil),
    ] as [(String, String?)])
    func resolverFollowsTheStandard(_ href: String, _ want: String?) {
        #expect(URLResolver.resolve(href, against: "http://www.tvseoul.kr/news/list.html") == want)
    }
}
