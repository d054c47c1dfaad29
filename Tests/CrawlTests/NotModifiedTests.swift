import Foundation
import GleanerCrawl
import GleanerParse
import GleanerStore
import Logging
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A page answering 304 changes nothing but its fetch time, so it starts no commit of its own
/// (`Crawler.notModifiedAge`): the run writes those times with a batch that commits anyway or
/// with its last one, and a crash that loses them only makes the pages be asked again.
@Suite struct NotModifiedTests {
    static let pages = ["/", "/news/section_list_all.html?sec_no=11", "/news/section_list_all.html?sec_no=11&page=2",
                        "/news/article.html?no=64483", "/news/article.html?no=64466", "/news/article.html?no=62031"]
    static func source(_ pages: [String] = pages) -> String { EndToEndTests.seedsSource("seeds", paths: pages) }

    /// Even with a batch of one page, a recrawl where everything answers 304 commits once, at
    /// its end: until then the store still has the first run's fetch times; after it, every page's.
    @Test func aRecrawlOf304sCommitsOnceAtItsEnd() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: Self.source(), concurrency: 1))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let crawler = Crawler(fetcher: runtime.fetcher, output: runtime.output, metrics: runtime.metrics, batchSize: 1,
                              batchAge: 0, logger: logger)
        let urls = Self.pages.map { "http://www.tvseoul.kr\($0)" }
        let store = runtime.store
        let fetchTimes: @Sendable () throws -> [Date?] = { try urls.map { try store.urlState($0)?.fetchedAt } }

        let first = await crawler.run(config.sources[0], parser: parser, concurrency: 1, stop: StopFlag())
        #expect(first.fetched == urls.count, "\(first)")
        let before = try fetchTimes()
        #expect(!before.contains(nil))
        try await Task.sleep(for: .milliseconds(20))  // fetch times are stored to the microsecond

        let seen = Mutex<[[Date?]]>([])  // every page's stored fetch time after each page of the recrawl
        let second = await crawler.run(config.sources[0], parser: parser, concurrency: 1, stop: StopFlag()) { _ in
            seen.withLock { $0.append((try? fetchTimes()) ?? []) }
        }
        #expect(second.notModified == urls.count, "\(second)")
        #expect(second.emittedTotal == 0)
        // The last update comes after the run's end commit; the others after each page.
        #expect(seen.withLock { $0 }.dropLast().allSatisfy { $0 == before }, "no 304 was written mid-run")
        let after = try fetchTimes()
        for (b, a) in zip(before, after) { #expect(a! > b!, "every 304 was written at the run's end") }
    }

    /// The daemon is killed in a recrawl while one page hangs, after the others answered 304:
    /// their fetch times are lost, so the next run asks for them again, conditionally, and the
    /// output neither lost nor repeated a record.
    @Test func a304LostInACrashIsAskedAgainAndNoRecordChanges() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = EndToEndTests.config(dir, site, sources: Self.source())
        let first = try GleanerProcess.run(["once", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        let records = try EndToEndTests.records(dir)
        #expect(records.count == 3, "\(records)")
        let db = dir.path + "/state/state.sqlite"
        let home = "http://www.tvseoul.kr/"
        let firstFetch = try #require(try StateStore.openReadOnly(path: db).urlState(home)?.fetchedAt)

        site.stall("article_62031.html")
        let before = site.server.requests.count
        let daemon = try GleanerProcess(["once", "--all", "--config", config])
        let answered = { (s: ReplicaSite) in Self.pages.allSatisfy { p in s.server.requests.dropFirst(before).contains { $0.target == p } } }
        #expect(eventually { answered(site) }, "\(daemon.stderr)")
        usleep(300_000)  // the 304s reach the crawler, which keeps their fetch times for its last commit
        daemon.signal(SIGKILL)
        daemon.wait()
        #expect(try StateStore.openReadOnly(path: db).urlState(home)?.fetchedAt == firstFetch, "the 304's fetch time died with the process")

        site.unstall("article_62031.html")
        let from = site.server.requests.count
        let third = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(third.status == 0, "\(third.stderr)")
        let asked = site.server.requests.dropFirst(from)
        for page in Self.pages {
            let request = asked.first { $0.target == page }
            #expect(request?.header("If-None-Match") != nil, "\(page) is asked again, with its validators")
        }
        #expect(third.stdout.contains("new records: 0 article"), "\(third.stdout)")
        #expect(try EndToEndTests.records(dir) == records)
        #expect(try #require(try StateStore.openReadOnly(path: db).urlState(home)?.fetchedAt) > firstFetch)
        site.server.stop()
    }
}
