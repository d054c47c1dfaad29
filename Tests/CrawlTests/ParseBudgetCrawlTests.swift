import Foundation
import GleanerCrawl
import GleanerParse
import Logging
import Testing
import TestSupport

/// A page over its parse budget in a crawl: counted as its own kind in the run's report and the
/// metrics, and the same parse worker goes on to the next page.
@Suite struct ParseBudgetCrawlTests {
    @Test func aPageOverBudgetIsCountedAndTheWorkerParsesTheNextPage() async throws {
        let site = try ReplicaSite()
        let attributes = (0..<80_000).map { "data-a\($0)=1" }.joined(separator: " ")
        site.replace("article_64466.html", with: Array("<html><body><div \(attributes)>x</div></body></html>".utf8))
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("seeds", paths: ["/news/article.html?no=64466", "/news/article.html?no=64483"])
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source, concurrency: 1, parseWorkers: 1))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let crawler = Crawler(fetcher: runtime.fetcher, output: runtime.output, metrics: runtime.metrics, parseWorkers: 1,
                              pageBudget: config.limits, logger: logger)
        let report = await crawler.run(config.sources[0], parser: parser, concurrency: 1, stop: StopFlag())
        #expect(report.failures == ["parse_budget_attributes_per_element": 1], "\(report)")
        #expect(report.emitted[.article] == 1, "\(report)")
        #expect(runtime.metrics.value(.parseBudget, [("site", "tvseoul"), ("budget", "attributes_per_element")]) == 1)
        #expect(runtime.metrics.total(.pageErrors, matching: [("stage", "parse")]) == 1)
    }
}
