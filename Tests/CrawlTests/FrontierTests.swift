import Foundation
import Testing
@testable import GleanerCrawl

@Suite struct URLNormalizerTests {
    let base = "http://www.tvseoul.kr/news/article.html?no=62031"
    let scope = FrontierScope(hosts: ["www.tvseoul.kr", "tvseoul.kr"], trackingParameters: ["utm_*", "fbclid"])

    func norm(_ s: String, base: String? = nil) -> String? {
        try? URLNormalizer.normalize(s, base: base ?? self.base, scope: scope).get()
    }

    @Test(arguments: [
        // every form of link the replica pages use
        ("/news/article.html?no=1", "http://www.tvseoul.kr/news/article.html?no=1"),
        ("article.html?no=2", "http://www.tvseoul.kr/news/article.html?no=2"),
        ("?sec_no=11&page=3", "http://www.tvseoul.kr/news/article.html?sec_no=11&page=3"),
        ("//www.tvseoul.kr/news/article.html?no=3", "http://www.tvseoul.kr/news/article.html?no=3"),
        ("HTTP://WWW.TVSEOUL.KR:80/news/article.html?no=4#comments", "http://www.tvseoul.kr/news/article.html?no=4"),
        ("../news/./section_list_all.html?sec_no=10", "http://www.tvseoul.kr/news/section_list_all.html?sec_no=10"),
        ("/%7Euser/%41b%c3%a9?q=%7e%2f", "http://www.tvseoul.kr/~user/Ab%C3%A9?q=~%2F"),
        ("/news/article.html?utm_source=x&no=5&fbclid=abc", "http://www.tvseoul.kr/news/article.html?no=5"),
        ("/news/article.html?b=2&a=1", "http://www.tvseoul.kr/news/article.html?b=2&a=1"),
        ("  /news/검색 결과.html\n", "http://www.tvseoul.kr/news/%EA%B2%80%EC%83%89%20%EA%B2%B0%EA%B3%BC.html"),
        ("http://tvseoul.kr", "http://tvseoul.kr/"),
        // as a browser resolves them (the URL Standard)
        ("\\news\\article.html?no=1", "http://www.tvseoul.kr/news/article.html?no=1"),
        ("/news/%2e%2E/news/article.html?no=2", "http://www.tvseoul.kr/news/article.html?no=2"),
        ("http:article.html?no=3", "http://www.tvseoul.kr/news/article.html?no=3"),
        ("/news/article.html?no=4&q='x'", "http://www.tvseoul.kr/news/article.html?no=4&q=%27x%27"),
    ])
    func normalisesToOneSpelling(link: String, expected: String) {
        #expect(norm(link) == expected)
    }

    /// The frontier treats a link that already is an identity as one (its duplicate fast path):
    /// normalising an identity again must give the same string.
    @Test(arguments: [
        "/news/article.html?no=1", "?sec_no=11&page=3", "HTTP://WWW.TVSEOUL.KR:80/news/article.html?no=4#c",
        "../news/./section_list_all.html?sec_no=10", "/%7Euser/%41b%c3%a9?q=%7e%2f",
        "/news/article.html?utm_source=x&no=5&fbclid=abc", "  /news/검색 결과.html\n", "http://tvseoul.kr",
        "/a/../b/./c/?x=%zz&y=a b", "/news/%2e%2e/article.html?no=6",
    ])
    func normalisingAnIdentityChangesNothing(link: String) throws {
        let once = try #require(norm(link))
        #expect(norm(once, base: "http://elsewhere.example/") == once)
    }

    /// The byte-level shortcut for links that already are identities must agree with the full
    /// normaliser on every input: it may only say "unchanged" when the full path says so too.
    @Test(arguments: [
        "http://www.tvseoul.kr/news/article.html?no=1", "http://www.tvseoul.kr/", "https://www.tvseoul.kr/a",
        "http://tvseoul.kr/news/article.html?no=1", "http://WWW.tvseoul.kr/", "http://www.tvseoul.kr:80/",
        "http://www.tvseoul.kr", "http://www.tvseoul.kr/a#frag", "http://www.tvseoul.kr/a/./b", "http://www.tvseoul.kr/a/../b",
        "http://www.tvseoul.kr/.hidden", "http://www.tvseoul.kr/a?", "http://www.tvseoul.kr/a?x=1&&y=2",
        "http://www.tvseoul.kr/a?x=1&", "http://www.tvseoul.kr/a?utm_source=x", "http://www.tvseoul.kr/a?no=1&fbclid=2",
        "http://www.tvseoul.kr/a?q=%41", "http://www.tvseoul.kr/검색", "http://www.tvseoul.kr/a b", "http://other.example/a",
        "http://user@www.tvseoul.kr/", "http://www.tvseoul.kr/a?x=1?y", "http://www.tvseoul.kr/[x]", "HTTP://www.tvseoul.kr/",
        "http://www.tvseoul.kr/a;b=c/d:e@f!$'()*+,~_-", "http://www.tvseoul.kr//double", "javascript://www.tvseoul.kr/",
        "http://www.tvseoul.kr/a?q='x'", "http://www.tvseoul.kr/a|b^c", "http://www.tvseoul.kr/a\\b",
    ])
    func theCanonicalShortcutAgreesWithTheFullNormaliser(link: String) {
        for s in [scope, FrontierScope(hosts: ["www.tvseoul.kr", "tvseoul.kr"], canonicalHost: "www.tvseoul.kr")] {
            let full = URLNormalizer.normalize(" " + link, scope: s)  // the space forces the full path
            if URLNormalizer.isCanonical(link, scope: s) {
                #expect(full == .success(link), "\(link)")
            }
            #expect(URLNormalizer.normalize(link, scope: s) == full, "\(link)")
        }
    }

    @Test func aParserNormalisedLinkTakesTheShortcut() {
        #expect(URLNormalizer.isCanonical("http://www.tvseoul.kr/news/article.html?no=1", scope: scope))
        #expect(URLNormalizer.isCanonical("http://www.tvseoul.kr/news/section_list_all.html?sec_no=11&page=2", scope: scope))
        #expect(!URLNormalizer.isCanonical("http://www.tvseoul.kr/news/article.html?no=1&utm_source=x", scope: scope))
    }

    @Test func resolvesAgainstBaseHref() {
        #expect(norm("article.html?no=7", base: "http://www.tvseoul.kr/other/") == "http://www.tvseoul.kr/other/article.html?no=7")
    }

    @Test func skipsNonHTTPLinksAndForeignHosts() {
        let cases: [(String, URLNormalizer.Skip)] = [
            ("javascript:void(0)", .scheme("javascript")),
            ("mailto:news@tvseoul.kr", .scheme("mailto")),
            ("tel:02-123-4567", .scheme("tel")),
            ("data:text/html,hi", .scheme("data")),
            ("ftp://www.tvseoul.kr/file", .scheme("ftp")),
            ("#top", .empty),
            ("   ", .empty),
            ("https://www.youtube.com/watch?v=1", .outOfScope(host: "www.youtube.com")),
        ]
        for (link, skip) in cases {
            #expect(throws: skip, "\(link)") { try URLNormalizer.normalize(link, base: base, scope: scope).get() }
        }
    }

    @Test func linksTheURLStandardRejectsAreSkippedWithTheReason() {
        for (link, reason) in [("http://www.tvseoul.kr:99999/x", "port 99999 is above 65535"),
                               ("http://www.tv seoul.kr/", "forbidden character ' '"),
                               ("http://1.2.3.999/", "ends in a number but is not an IPv4 address")] {
            guard case .failure(.invalid(let failure)) = URLNormalizer.normalize(link, base: base, scope: scope) else {
                Issue.record("\(link) was not refused as invalid")
                continue
            }
            #expect(URLNormalizer.Skip.invalid(failure).description.contains(reason), "\(link)")
        }
    }

    @Test func canonicalHostFoldsAliases() throws {
        let s = FrontierScope(hosts: ["www.tvseoul.kr", "tvseoul.kr"], canonicalHost: "www.tvseoul.kr")
        #expect(try URLNormalizer.normalize("http://TVSEOUL.kr/news/article.html?no=9", scope: s).get()
            == "http://www.tvseoul.kr/news/article.html?no=9")
    }
}

@Suite struct FrontierTests {
    let scope = FrontierScope(hosts: ["www.tvseoul.kr"], trackingParameters: ["sec"])
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    @Test func eachURLOnceBreadthFirstWithinDepthAndBudget() {
        var f = Frontier(scope: scope, maxPages: 4, maxDepth: 1)
        #expect(f.seed("http://www.tvseoul.kr/") == .queued)
        #expect(f.seed("http://www.tvseoul.kr:80/#x") == .duplicate)
        let page = f.next()!
        #expect(page == .init(url: "http://www.tvseoul.kr/", depth: 0, pageKind: nil))
        let base = page.url
        #expect(f.offer("/news/article.html?no=1", base: base, depth: 1, pageKind: "article", known: nil, now: now) == .queued)
        #expect(f.offer("/news/article.html?no=1&sec=11", base: base, depth: 1, pageKind: "article", known: nil, now: now) == .duplicate)
        #expect(f.offer("/news/article.html?no=2", base: base, depth: 1, pageKind: "article", known: nil, now: now) == .queued)
        #expect(f.offer("/news/article.html?no=3", base: base, depth: 2, pageKind: "article", known: nil, now: now) == .tooDeep)
        #expect(f.offer("/news/article.html?no=4", base: base, depth: 1, pageKind: "article", known: nil, now: now) == .queued)
        #expect(f.offer("/news/article.html?no=5", base: base, depth: 1, pageKind: "article", known: nil, now: now) == .overBudget)
        #expect(f.offer("mailto:a@b", base: base, depth: 1, pageKind: nil, known: nil, now: now) == .skipped(.scheme("mailto")))
        #expect(f.pending == 3)
        #expect([f.next(), f.next(), f.next(), f.next()].map { $0?.url } == [
            "http://www.tvseoul.kr/news/article.html?no=1", "http://www.tvseoul.kr/news/article.html?no=2",
            "http://www.tvseoul.kr/news/article.html?no=4", nil,
        ])
    }

    @Test func canonicalURLOfAFetchedPageMakesLaterLinksDuplicates() {
        var f = Frontier(scope: scope, maxPages: 10, maxDepth: 2)
        f.seed("http://www.tvseoul.kr/news/article.html?no=9&print=0")
        _ = f.next()
        f.markSeen("http://www.tvseoul.kr/news/article.html?no=9")
        #expect(f.offer("/news/article.html?no=9", base: "http://www.tvseoul.kr/", depth: 1, pageKind: "article", known: nil, now: now) == .duplicate)
    }

    @Test func knownArticlesComeBackOnlyWhenTheirRevisitIsDue() {
        var f = Frontier(scope: scope, maxPages: 10, maxDepth: 1)
        let firstSeen = now.addingTimeInterval(-2 * 3600)
        let fetchedAtFirstSight = Frontier.Known(firstSeen: firstSeen, lastFetched: firstSeen)
        let fetchedAfterOneHour = Frontier.Known(firstSeen: firstSeen, lastFetched: firstSeen.addingTimeInterval(3700))
        let base = "http://www.tvseoul.kr/"
        #expect(f.offer("/news/article.html?no=1", base: base, depth: 1, pageKind: "article", known: fetchedAtFirstSight, now: now) == .queued)
        #expect(f.offer("/news/article.html?no=2", base: base, depth: 1, pageKind: "article", known: fetchedAfterOneHour, now: now) == .notDue)
        #expect(f.offer("/news/article.html?no=2", base: base, depth: 1, pageKind: "article", known: nil, now: now) == .duplicate)
    }

    @Test func revisitAtOneHourAndOneDayThenNever() {
        let p = RevisitPolicy.default
        let t = now
        func due(_ lastFetchedAfter: Double, at age: Double) -> Bool {
            p.isDue(firstSeen: t, lastFetched: t.addingTimeInterval(lastFetchedAfter), now: t.addingTimeInterval(age))
        }
        #expect(!due(0, at: 1800))          // first fetch was at first sight; +1 h not reached
        #expect(due(0, at: 3600))           // +1 h
        #expect(!due(3650, at: 7200))       // +1 h done
        #expect(due(3650, at: 86_400))      // +24 h
        #expect(due(0, at: 90_000))         // missed +1 h while down: one fetch covers both
        #expect(!due(86_500, at: 30 * 86_400)) // then never
    }
}
