import Foundation
@testable import GleanerParse
import Testing
import TestSupport

/// Links come from one C walk over `//a/@href` and a cross-page cache of hrefs that resolve
/// the same on every page of an origin. Both must give exactly what libxml2's XPath and an
/// uncached resolution give, on the pages where they could go wrong.
struct LinkFastPathTests {
    /// A new parser (an empty link cache) with the link XPath spelled so that it is not the
    /// `//tag/@attr` shape: libxml2 evaluates it and every href of its first page is resolved.
    static func slowParser(_ fast: SiteParser) -> SiteParser {
        var def = fast.definition
        for k in def.linkRules.keys { def.linkRules[k]!.xpath = "/descendant::a/@href" }
        return SiteParser(definition: def)
    }

    static let tricky = """
        <html><head><title>t</title>BASE</head><body>
        <a href="/news/article.html?no=1">absolute path</a>
        <a href="article.html?no=2">relative</a>
        <a href="../news/article.html?no=3">dot dot</a>
        <a href="./article.html?no=4&amp;sec=9">entity and tracking parameter</a>
        <a href="http://WWW.TVSEOUL.KR/news/article.html?no=5">mixed case host</a>
        <a href="HTTP://tvseoul.kr:80/news/article.html?no=6">alias host, default port</a>
        <a href="//www.tvseoul.kr/news/section_list_all.html?sec_no=11">scheme-relative</a>
        <a href="https://other.example/news/article.html?no=7">other host</a>
        <a href="javascript:void(0)">script</a>
        <a href="mailto:desk@tvseoul.kr">mail</a>
        <a href="#top">fragment</a>
        <a href="">empty</a>
        <a>no href</a>
        <a href="  /news/article.html?no=8  ">spaces around</a>
        <a href="/news/art&#9;icle.html?no=9">tab inside</a>
        <a href="/news/article.html?no=10#comments">fragment after</a>
        <a href="/news/article.html?no=11&amp;q=한국">non-ASCII</a>
        <a href="news/article.html?no=12" HREF="/ignored">duplicate attribute</a>
        <A HREF="/news/section_list_all.html?sec_no=12">upper case</A>
        <a href="?no=13">query only</a>
        <a href="/news/article.html?no=1">repeated</a>
        <a href="article.html?no=14&amp;utm_source=x">relative with tracking</a>
        </body></html>
        """

    static let pages: [(url: String, base: String)] = [
        ("http://www.tvseoul.kr/news/article.html?no=100", ""),
        ("http://www.tvseoul.kr/", ""),
        ("https://www.tvseoul.kr/news/article.html?no=101", ""),
        ("http://tvseoul.kr/index.html", ""),
        ("http://www.tvseoul.kr/", "<base href=\"http://www.tvseoul.kr/news/\">"),
        ("http://www.tvseoul.kr/news/article.html?no=102", "<base href=\"https://other.example/a/b\">"),
        ("http://www.tvseoul.kr/news/article.html?no=103", "<base href=\"//tvseoul.kr/news/x/\">"),
        ("http://www.tvseoul.kr/news/article.html?no=100", ""),
    ]

    @Test func sameLinksAsXPathOnTrickyHrefs() throws {
        let fast = SiteParser(definition: try Repo.tvseoulParser().definition)
        var total = 0
        var distinct = Set<[DiscoveredLink]>()
        for p in Self.pages {
            let body = Array(Self.tricky.replacingOccurrences(of: "BASE", with: p.base).utf8)
            let page = Page(url: p.url, body: body, fetchedAt: Date(timeIntervalSince1970: 0))
            let want = try Self.slowParser(fast).parse(page, recordTypes: []).links
            // Twice: the second parse answers origin-only hrefs from the cache.
            for _ in 0..<2 { #expect(try fast.parse(page, recordTypes: []).links == want, "\(p)") }
            total += want.count
            distinct.insert(want)
        }
        #expect(total > 40)
        // Pages differ in what their relative hrefs mean: a cache that ignored that would fail.
        #expect(distinct.count >= 5)
        #expect(fast.linkCache.count > 5)
    }

    @Test func sameLinksAsXPathOnFixtures() throws {
        let fast = SiteParser(definition: try Repo.tvseoulParser().definition)
        let fixtures = try FixtureManifest.load(parserDirectory: Repo.tvseoul)
        for f in fixtures + fixtures {
            let page = Page(url: f.url, body: try Repo.bytes(f.file), fetchedAt: f.fetchedAt)
            let want = try Self.slowParser(fast).parse(page).links
            #expect(want.count > 10, "\(f.name)")
            #expect(try fast.parse(page).links == want, "\(f.name)")
        }
    }

    @Test(arguments: [
        ("/news/a.html", true), ("//host/x", true), ("#top", true), ("", true), ("https://x.kr/", true),
        ("javascript:void(0)", true), ("Mailto:a@b", true), ("a:b", true), ("article.html?no=1", false),
        ("?no=1", false), ("../x", false), (" /x", false), ("\t/x", false), ("a/b:c", false), ("é:x", false),
        ("java\nscript:x", false),
        // Same scheme as an http(s) base without two slashes: relative to the page's path.
        ("http:foo.html", false), ("HTTPS:x/y", false), ("http:/x", false), ("http://x", true), ("https:\\\\x", true),
    ])
    func originOnlyHrefs(_ href: String, _ want: Bool) {
        #expect(URLResolver.dependsOnlyOnOrigin(href) == want)
    }

    @Test func cacheStaysBoundedAndRemembers() {
        let cache = LinkCache(limit: 10)
        for i in 0..<25 {
            cache.store([("/p\(i)", ResolvedHref(url: "http://h/p\(i)", kind: nil))], origin: "o")
            #expect(cache.count <= 10)
        }
        let hit = cache.lookup(["/p24"], origin: "o")[0]
        #expect(hit??.url == "http://h/p24")
        // Another origin: unknown.
        let otherOrigin = cache.lookup(["/p24"], origin: "other")[0]
        #expect(otherOrigin == nil)
        // "Not followed" is remembered too, as a known nil.
        cache.store([("#x", nil)], origin: "o")
        let remembered = cache.lookup(["#x"], origin: "o")[0]
        #expect(remembered != nil && remembered! == nil)
    }

    /// Links that every page repeats (menus) stay while one-off links stream past: a hit moves an
    /// entry into the newer generation, so filling the cache again and again never drops it.
    @Test func repeatedLinksOutliveOneOffLinks() {
        let cache = LinkCache(limit: 10)
        cache.store([("/menu", ResolvedHref(url: "http://h/menu", kind: "list"))], origin: "o")
        for i in 0..<100 {
            cache.store([("/once\(i)", ResolvedHref(url: "http://h/once\(i)", kind: nil))], origin: "o")
            let menu = cache.lookup(["/menu"], origin: "o")[0]
            #expect(menu??.url == "http://h/menu" && menu??.kind == "list", "lost after \(i + 1) one-off links")
            #expect(cache.count <= 10)
        }
        // A one-off link is gone once two generations have filled after it.
        let early = cache.lookup(["/once0"], origin: "o")[0]
        #expect(early == nil)
    }
}
