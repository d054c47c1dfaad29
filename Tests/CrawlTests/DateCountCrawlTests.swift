import Foundation
import Testing
import TestSupport

/// A date the TV서울 parser cannot read, in a crawl of the replica: the run summary of
/// `gleaner once` and the metrics count it by field, and the `article:published_time` fallback
/// gives the same instant whatever offset the page writes it with.
@Suite struct DateCountCrawlTests {
    @Test func anUnparsedDateIsCountedInTheSummaryAndTheFallbackHonoursItsOffset() throws {
        let site = try ReplicaSite()
        defer { site.server.stop() }
        var page = String(decoding: try ReplicaSite.fixture("article_64483.html"), as: UTF8.self)
        // February 30 in the visible line; the meta tag's instant written in UTC.
        page = page.replacingOccurrences(of: "등록 2025.07.02 14:35:12", with: "등록 2025.02.30 14:35:12")
        page = page.replacingOccurrences(of: #"content="2025-07-02T14:35:12+09:00""#, with: #"content="2025-07-02T05:35:12Z""#)
        site.replace("article_64483.html", with: Array(page.utf8))
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("dates", paths: ["/news/article.html?no=64483"])
        let run = try GleanerProcess.run(["once", "--config", EndToEndTests.config(dir, site, sources: source)])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("; 1 date value not parsed (article.published_at[0] 1)"), "\(run.stdout)")
        #expect(run.stderr.contains("date value not parsed"), "\(run.stderr)")
        let metrics = try String(contentsOfFile: dir.path + "/gleaner.prom", encoding: .utf8)
        #expect(metrics.contains(#"gleaner_date_values_not_parsed_total{site="tvseoul",field="article.published_at[0]"} 1"# + "\n"), "\(metrics)")
        let articles = try EndToEndTests.records(dir).filter { $0.contains(#""type":"article""#) }
        #expect(articles.count == 1)
        #expect(articles.first?.contains(#""published_at":"2025-07-02T14:35:12+09:00""#) == true, "\(articles)")
    }
}
