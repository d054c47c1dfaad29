import Foundation
@testable import GleanerCrawl
import GleanerParse
import Logging
import Testing
import TestSupport

/// Pages fetched faster than they can be parsed do not pile up in memory: new fetches wait
/// while the parse workers are behind.
@Suite struct FetchAdmissionTests {
    /// A slow site: the workers never have anything queued, so the window opens by one page per
    /// finished page until every request of `concurrency` runs.
    @Test func theWindowOpensWhileTheWorkersWait() {
        var a = FetchAdmission(concurrency: 32, workers: 2)
        #expect(a.maxBacklog == 8)
        #expect(a.window == 8)
        #expect(a.starts(inFlight: 0, backlog: 0) == 9)
        var inFlight = 9
        for _ in 0..<40 {
            inFlight -= 1  // a page finished
            inFlight += a.starts(inFlight: inFlight, backlog: 0)
        }
        #expect(a.window == 32)
        #expect(inFlight == 32)
        #expect(a.starts(inFlight: 32, backlog: 0) == 0)
        // One worker idle is enough to open it.
        var b = FetchAdmission(concurrency: 32, workers: 2)
        #expect(b.starts(inFlight: 3, backlog: 1) == 6)
        #expect(b.window == 9)
    }

    /// A fast site: pages wait for the workers, so nothing starts and the window closes to what is
    /// in flight, then one page at a time down to `maxBacklog`; between the two it stays.
    @Test func theWindowClosesWhileTheWorkersAreBehind() {
        var a = FetchAdmission(concurrency: 32, workers: 2)
        for _ in 0..<40 { _ = a.starts(inFlight: 10, backlog: 0) }
        #expect(a.window == 32)
        #expect(a.starts(inFlight: 31, backlog: 12) == 0)
        #expect(a.window == 30)
        #expect(a.starts(inFlight: 20, backlog: 12) == 0)
        #expect(a.window == 19)
        for _ in 0..<40 { #expect(a.starts(inFlight: 20, backlog: 12) == 0) }
        #expect(a.window == 8)
        #expect(a.starts(inFlight: 3, backlog: 2) == 5)
        #expect(a.window == 8)
        // Another source's pages fill the backlog: a crawl with nothing in flight still starts one.
        #expect(a.starts(inFlight: 0, backlog: 9) == 1)
        #expect(a.window == 8)
        #expect(a.starts(inFlight: 5, backlog: 9) == 0)
        var one = FetchAdmission(concurrency: 0, workers: 0)
        #expect(one.starts(inFlight: 0, backlog: 7) == 1)
        #expect(one.starts(inFlight: 1, backlog: 7) == 0)
    }

    /// 120 article pages from a loopback server, 32 requests at once, one parse worker: every page
    /// is crawled, and the pages waiting for the worker stay few. Without the admission 29–32
    /// fetched bodies wait at once.
    @Test func aFastSiteDoesNotOutrunTheParser() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("fast", paths: (0..<120).map { "/news/article.html?no=64483&v=\($0)" })
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source, concurrency: 32, parseWorkers: 1,
                                                                               perHostConcurrency: 32))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        let report = await runtime.crawler.run(config.sources[0], parser: parser, concurrency: 32, stop: StopFlag())
        #expect(report.fetched == 120, "\(report)")
        #expect(report.failed == 0, "\(report)")
        let peak = runtime.crawler.workers.peakBacklog
        #expect(peak >= 1)
        #expect(peak <= 16, "pages waiting for the parse worker at once: \(peak)")
    }

    /// The window outlives the run: the daemon's runs of 304s (which never reach the workers)
    /// keep it open, instead of starting each run from `maxBacklog` again.
    @Test func aSourcesWindowCarriesOverToItsNextRun() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let pages = ["/", "/news/article.html?no=64483", "/news/article.html?no=64466", "/news/article.html?no=62031",
                     "/news/section_list_all.html?sec_no=11", "/news/section_list_all.html?sec_no=11&page=2"]
        let source = EndToEndTests.seedsSource("again", paths: pages)
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source, concurrency: 32,
                                                                       parseWorkers: 2, perHostConcurrency: 32))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        var windows: [Int] = []
        for _ in 0..<3 {
            let report = await runtime.crawler.run(config.sources[0], parser: parser, concurrency: 32, stop: StopFlag())
            #expect(report.failed == 0 && report.fetched + report.notModified == pages.count, "\(report)")
            windows.append(try #require(runtime.crawler.windows.withLock { $0["again"] }).window)
        }
        // Runs 2 and 3 answer 304: every finished page (and the run's start) opens it by one.
        #expect(windows[1] > 8, "\(windows)")
        #expect(windows[2] == min(windows[1] + pages.count + 1, 32), "\(windows)")
    }
}
