import Foundation
import Testing
import TestSupport

/// `allow`/`deny`, `headers`, `cookies` and `cookie_file` in a crawl of the replica on loopback,
/// judged by what the server received and what `gleaner once` and the metrics report.
@Suite struct ScopeAndRequestsCrawlTests {
    static func metrics(_ dir: TemporaryDirectory) throws -> String {
        try String(contentsOfFile: dir.path + "/gleaner.prom", encoding: .utf8)
    }

    @Test func allowAndDenyKeepTheCrawlOffTheirURLsAndCountThem() throws {
        let site = try ReplicaSite()
        defer { site.server.stop() }
        let dir = try TemporaryDirectory()
        // The home page and articles 644xx only; 64483 matches `allow` too, and deny wins.
        let source = EndToEndTests.home + """

            emit = ["article"]
            allow = ['^http://www\\.tvseoul\\.kr/$', 'article\\.html\\?no=644']
            deny = ['no=64483$']
            """
        let run = try GleanerProcess.run(["once", "--config", EndToEndTests.config(dir, site, sources: source)])
        // Outside `allow`: the home page's links to its 39 section pages and to its 8 articles
        // that are not 644xx, each counted once although several appear more than once.

        let articles = site.server.requests(path: "/news/article.html").compactMap(\.query)
        #expect(articles.contains("no=64466"), "\(articles)")
        #expect(!articles.contains("no=64483"), "denied: \(articles)")
        #expect(articles.allSatisfy { $0.hasPrefix("no=644") }, "outside allow: \(articles)")
        #expect(site.server.requests(path: "/news/section_list_all.html").isEmpty)
        #expect(run.stdout.contains("  not followed (matches a deny pattern): 1\n"), "\(run.stdout)")
        #expect(run.stdout.contains("  not followed (matches no allow pattern): 47\n"), "\(run.stdout)")
        #expect(run.stdout.contains("; 48 links outside the source's scope"), "\(run.stdout)")
        let metrics = try Self.metrics(dir)
        #expect(metrics.contains("gleaner_links_not_followed_total{source=\"home\",reason=\"scope_allow\"} 47\n"), "\(metrics)")
        #expect(metrics.contains("gleaner_links_not_followed_total{source=\"home\",reason=\"scope_deny\"} 1\n"), "\(metrics)")
    }

    /// Hrefs the URL Standard rejects (a port out of range, a bad IPv4 number) are not requested
    /// and are counted in the summary by kind and in the metrics as `invalid_url`.
    @Test func invalidHrefsAreCountedNotFollowed() throws {
        let site = try ReplicaSite()
        defer { site.server.stop() }
        var home = String(decoding: try ReplicaSite.fixture("index.html"), as: UTF8.self)
        let bad = #"<a href="http://www.tvseoul.kr:99999/news/article.html?no=1">x</a><a href="http://1.2.3.999/news/article.html?no=2">y</a>"#
        home = home.replacingOccurrences(of: "</body>", with: bad + "</body>")
        site.replace("index.html", with: Array(home.utf8))
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.home + "\nemit = [\"article\"]\n"
        let run = try GleanerProcess.run(["once", "--config", EndToEndTests.config(dir, site, sources: source)])
        #expect(run.stdout.contains("2 hrefs not valid URLs (ipv4-invalid 1, port-invalid 1)"), "\(run.stdout)")
        let metrics = try Self.metrics(dir)
        #expect(metrics.contains("gleaner_links_not_followed_total{source=\"home\",reason=\"invalid_url\"} 2\n"), "\(metrics)")
    }

    @Test func aRedirectToADeniedURLIsRefusedBeforeItIsRequested() throws {
        let site = try ReplicaSite()
        defer { site.server.stop() }
        site.server.route("/go-denied") { _, connection in
            connection.respond(status: 302, headers: [("Location", "/news/article.html?no=64483")])
        }
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("redirects", paths: ["/go-denied"], extra: "deny = ['no=64483$']")
        let run = try GleanerProcess.run(["once", "--config", EndToEndTests.config(dir, site, sources: source)])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("1 × redirect_refused"), "\(run.stdout)")
        #expect(run.stderr.contains("redirect to http://www.tvseoul.kr/news/article.html?no=64483 refused: outside the source's scope: it matches deny[0] \\\"no=64483$\\\""), "\(run.stderr)")
        #expect(site.server.requests(path: "/news/article.html").isEmpty)
    }

    @Test func headersAndCookiesReachTheServerOnPagesAndRobotsTxt() throws {
        let site = try ReplicaSite()
        defer { site.server.stop() }
        let dir = try TemporaryDirectory()
        let sources = """
            [http.headers]
            Accept-Language = "ko"
            X-Fleet = "gleaner-tests"

            [http.cookies]
            consent = "yes"
            lang = "ko"

            """ + EndToEndTests.seedsSource("a", paths: ["/news/article.html?no=64483"], extra: """
            headers = { "accept-language" = "en", "X-Api-Key" = "k-1" }
            cookies = { lang = "en" }
            """)
        let run = try GleanerProcess.run(["once", "--config", EndToEndTests.config(dir, site, sources: sources)])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        let page = try #require(site.server.requests(path: "/news/article.html").first)
        #expect(page.header("X-Api-Key") == "k-1")
        #expect(page.header("X-Fleet") == "gleaner-tests")
        #expect(page.headers.filter { $0.name.lowercased() == "accept-language" }.map(\.value) == ["en"])
        #expect(page.headers.filter { $0.name.lowercased() == "cookie" }.map(\.value) == ["consent=yes; lang=en"])
        let robots = try #require(site.server.requests(path: "/robots.txt").first)
        #expect(robots.header("X-Api-Key") == "k-1")
        #expect(robots.header("X-Fleet") == "gleaner-tests")
        #expect(robots.header("Cookie") == "consent=yes; lang=en")
    }

    /// Source `a` keeps a cookie file; `b` crawls the same site in the same process (the same
    /// pooled curl handles) and must never send `a`'s cookie.
    @Test func aCookieTheServerSetsComesBackFromTheFileToThatSourceOnly() throws {
        let site = try ReplicaSite()
        defer { site.server.stop() }
        site.addHeader("article_64483.html", ("Set-Cookie", "session=s1; Path=/"))
        let dir = try TemporaryDirectory()
        let sources = EndToEndTests.seedsSource("a", paths: ["/news/article.html?no=64483", "/news/article.html?no=64466"],
                                                extra: "cookie_file = \"a-cookies.txt\"")
            + "\n" + EndToEndTests.seedsSource("b", paths: ["/news/article.html?no=62031", "/news/article.html?no=64483"])
        let config = EndToEndTests.config(dir, site, sources: sources, concurrency: 1, perHostConcurrency: 1)

        let first = try GleanerProcess.run(["once", "--config", config, "--source", "a"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let jar = try String(contentsOfFile: dir.path + "/state/a-cookies.txt", encoding: .utf8)
        #expect(jar.contains("www.tvseoul.kr\tFALSE\t/\tFALSE\t0\tsession\ts1"), "\(jar)")
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path + "/state/a-cookies.txt")[.posixPermissions] as? Int
        #expect(mode == 0o600, "the jar holds session cookies: \(String(mode ?? 0, radix: 8))")
        // Within the run: 64483 set it, 64466 came after and sent it back.
        let firstRun = site.server.requests(path: "/news/article.html")
        #expect(firstRun.map { "\($0.query ?? "") \($0.header("Cookie") ?? "-")" } == ["no=64483 -", "no=64466 session=s1"])

        // A new process: `a` reads the cookie from its file; `b` runs beside it and sends none.
        let before = firstRun.count
        let second = try GleanerProcess.run(["once", "--config", config, "--all"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let secondRun = site.server.requests(path: "/news/article.html").dropFirst(before)
        let cookies = Dictionary(grouping: secondRun, by: { $0.header("Cookie") ?? "-" }).mapValues { $0.count }
        // a: 64483 and 64466 with the cookie; b: 62031 and 64483 without (b ignores the Set-Cookie).
        #expect(cookies == ["session=s1": 2, "-": 2], "\(secondRun.map { "\($0.target) \($0.header("Cookie") ?? "-")" })")
        #expect(secondRun.contains { $0.query == "no=62031" && $0.header("Cookie") == nil })
    }
}
