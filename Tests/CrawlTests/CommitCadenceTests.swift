import Foundation
import GleanerCrawl
import GleanerParse
import Logging
import Synchronization
import Testing
import TestSupport

/// A slow, polite crawl publishes its records while it runs, not only at its end: a batch also
/// commits once its first page is a second old.
@Suite struct CommitCadenceTests {
    @Test func aSlowCrawlCommitsBeforeItEnds() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let pages = ["/", "/news/article.html?no=64483", "/news/article.html?no=64466", "/news/article.html?no=62031",
                     "/news/section_list_all.html?sec_no=11", "/news/section_list_all.html?sec_no=11&page=2"]
        let source = EndToEndTests.seedsSource("slow", paths: pages, extra: """

            [source.politeness]
            delay = "400ms"
            """)
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source, concurrency: 1))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        let seen = Mutex<[Int]>([])  // committed URLs after each page
        let report = await runtime.crawler.run(config.sources[0], parser: parser, concurrency: 1, stop: StopFlag()) { _ in
            let committed = (try? runtime.store.urlCount()) ?? -1
            seen.withLock { $0.append(committed) }
        }
        let counts = seen.withLock { $0 }
        #expect(report.fetched == pages.count, "\(report)")
        #expect(counts.count == pages.count + 1)  // after each page, and once at the end
        // 6 pages 0.4 s apart take ~2 s: the first second's pages are committed mid-run.
        #expect(counts.dropLast().contains { $0 > 0 }, "committed URLs seen after each page: \(counts)")
        #expect(try runtime.store.urlCount() == pages.count)
    }
}
