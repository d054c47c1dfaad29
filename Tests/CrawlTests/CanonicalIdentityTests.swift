import Foundation
import Testing
import TestSupport

/// One article reached through two URLs (the site serves it as `no=1` too, declaring
/// `no=62031` canonical) is one record: its id comes from the canonical URL.
@Suite struct CanonicalIdentityTests {
    @Test func twoURLsOfOneArticleGiveOneRecord() throws {
        let site = try ReplicaSite()
        site.replace("article_1.html", with: try ReplicaSite.fixture("article_62031.html"))
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("alias", paths: ["/news/article.html?no=62031", "/news/article.html?no=1"])
        let config = EndToEndTests.config(dir, site, sources: source, concurrency: 1)

        let run = try GleanerProcess.run(["once", "--config", config])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let articles = try EndToEndTests.records(dir).filter { $0.contains("\"type\":\"article\"") }
        #expect(articles.count == 1, "\(articles)")
        #expect(articles.first?.contains("\"id\":\"62031\"") == true, "\(articles)")
        #expect(articles.first?.contains("\"url\":\"http://www.tvseoul.kr/news/article.html?no=62031\"") == true, "\(articles)")
        #expect(site.server.requests(path: "/news/article.html").count == 2)
    }
}
