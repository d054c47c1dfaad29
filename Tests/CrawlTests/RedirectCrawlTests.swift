import Foundation
import Testing
import TestSupport

/// Redirects met by a crawl, judged by what the servers saw and what came out: a hop goes
/// through the checks of a new URL (the source's scope, robots.txt), an allowed one yields the
/// page's records under its final URL.
@Suite struct RedirectCrawlTests {
    @Test func refusedRedirectsRequestNothingAndEmitNothing() throws {
        let site = try ReplicaSite()
        defer { site.server.stop() }
        // What a hostile redirect aims at: a second loopback listener serving the same article.
        let elsewhere = try ReplicaSite()
        defer { elsewhere.server.stop() }
        let article = "/news/article.html?no=64483"
        let redirects = [
            ("/go-article", article),
            // An article URL, but the replica's robots.txt disallows `/*?sch_txt=`.
            ("/go-search", "/news/article.html?sch_txt=x&no=64483"),
            // No page kind of the parser matches print pages.
            ("/go-print", "/news/print.html?no=64483"),
            ("/go-loopback", "http://127.0.0.1:\(elsewhere.server.port)\(article)"),
        ]
        for (path, location) in redirects {
            site.server.route(path) { _, connection in connection.respond(status: 302, headers: [("Location", location)]) }
        }
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("redirects", paths: redirects.map(\.0))
        let config = EndToEndTests.config(dir, site, sources: source)

        let run = try GleanerProcess.run(["once", "--config", config])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("3 × redirect_refused"), "\(run.stdout)")
        #expect(run.stderr.contains("redirect to http://www.tvseoul.kr/news/article.html?sch_txt=x&no=64483 refused: disallowed by robots.txt (Disallow: /*?sch_txt= (line 11))"), "\(run.stderr)")
        #expect(run.stderr.contains("redirect to http://www.tvseoul.kr/news/print.html?no=64483 refused: no page kind of parser tvseoul matches it"), "\(run.stderr)")
        #expect(run.stderr.contains("redirect to http://127.0.0.1:\(elsewhere.server.port)\(article) refused: host 127.0.0.1 is outside the parser's hosts"), "\(run.stderr)")
        #expect(site.server.requests(path: "/news/print.html").isEmpty)
        #expect(!site.server.requests.contains { $0.target.contains("sch_txt") })
        #expect(elsewhere.server.requests.isEmpty)

        // The allowed redirect: the article once, under its final URL.
        let records = try EndToEndTests.records(dir)
        #expect(records.count == 1)
        #expect(records.first?.contains("\"url\":\"http://www.tvseoul.kr/news/article.html?no=64483\"") == true, "\(records)")
        let metrics = try String(contentsOfFile: dir.path + "/gleaner.prom", encoding: .utf8)
        #expect(metrics.contains("gleaner_fetches_total{kind=\"redirect_refused\"} 3\n"), "\(metrics)")
    }
}
