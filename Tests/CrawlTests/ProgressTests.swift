import Foundation
import GleanerCrawl
import GleanerDaemon
import GleanerModel
import Logging
import Synchronization
import Testing
import TestSupport

/// The terminal progress line of `gleaner once`: records by type count up while the run
/// commits, its last numbers are the summary's, and a log line never runs into it.
@Suite struct ProgressTests {
    @Test func recordCountsRiseDuringTheRunAndTheLastUpdateIsTheSummary() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        // Six pages 0.4 s apart, one of them missing from the replica (404): a batch commits
        // once its first page is a second old, mid-run.
        let pages = ["/news/article.html?no=64483", "/news/article.html?no=404", "/news/article.html?no=64466",
                     "/news/article.html?no=62031", "/news/section_list_all.html?sec_no=11", "/"]
        let source = EndToEndTests.seedsSource("slow", paths: pages, extra: """

            [source.politeness]
            delay = "400ms"
            """)
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source, concurrency: 1))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)
        let updates = Mutex<[CrawlProgress]>([])
        let report = await runtime.crawler.run(config.sources[0], parser: parser, concurrency: 1, stop: StopFlag()) { update in
            updates.withLock { $0.append(update) }
        }
        let seen = updates.withLock { $0 }
        #expect(report.emitted[.article] == 3 && report.failed == 1, "\(report)")
        // Records show before the end of the run, as their batches commit.
        #expect(seen.dropLast().contains { $0.emitted[.article, default: 0] > 0 }, "\(seen.map(\.line))")
        let last = try #require(seen.last)
        #expect(last.done == report.pages)
        #expect(last.emitted == report.emitted)
        #expect(last.failed == report.failed)
        #expect(last.line.hasPrefix("slow: 5 pages done, 0 queued | article 3 "), "\(last.line)")
        #expect(report.summary.hasPrefix("slow: 5 pages"), "\(report.summary)")
    }

    @Test func aLogLineOnATerminalErasesTheProgressLineFirst() {
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "gleaner") { label in
            JournalLogHandler(label: label, level: .info, format: .plain, clearsLine: true) { line in lines.withLock { $0.append(line) } }
        }
        logger.warning("page failed")
        let line = lines.withLock { $0.first } ?? ""
        #expect(line.hasPrefix("\r\u{1B}[Ktime="), "\(line.debugDescription)")
        #expect(line.hasSuffix(" level=warning msg=\"page failed\"\n"), "\(line.debugDescription)")
    }
}
