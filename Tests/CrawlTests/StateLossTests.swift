import Foundation
import GleanerCrawl
import GleanerParse
import Logging
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// What an operator sees when the disk fills: a run that stops instead of fetching on.
@Suite struct StateLossTests {
    @Test func aRunWhoseCommitsFailStopsFetchingAndSaysWhy() async throws {
        let site = try ReplicaSite()
        let article = try ReplicaSite.fixture("article_64483.html")
        let numbers = Array(1...60)
        for n in numbers { site.replace("article_\(n).html", with: article) }
        let source = EndToEndTests.seedsSource("many", paths: numbers.map { "/news/article.html?no=\($0)" }, extra: """

            [source.politeness]
            delay = "20ms"
            """)
        let dir = try TemporaryDirectory()
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source, concurrency: 1))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        // Where the article files go, a plain file: every commit that writes an article fails.
        let blocked = config.outputDirectory + "/article"
        try Data().write(to: URL(fileURLWithPath: blocked))

        let report = await runtime.crawler.run(config.sources[0], parser: parser, concurrency: 1, stop: StopFlag())
        let error = try #require(report.commitError, "\(report)")
        #expect(error.contains(blocked + "/article-") && error.contains("Not a directory (errno 20)"), "\(error)")
        #expect(!report.succeeded)
        #expect(report.summary.contains("stopped, commit failed: "), "\(report.summary)")
        // 60 pages 20 ms apart: the first batch fails after 16, and the run takes (almost) no more.
        let fetched = site.server.requests.filter { $0.path == "/news/article.html" }.count
        #expect(fetched < numbers.count / 2, "\(fetched) pages fetched after the commits began to fail")
    }
}
