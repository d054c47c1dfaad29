import Foundation
import GleanerCrawl
import GleanerParse
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `CodePages.release()` in this very process: the code it ran so far is no longer resident, and
/// everything it needs afterwards (libcurl, libxml2, SQLite, Swift) still runs.
@Suite struct CodePagesTests {
    /// KB resident of this process's executable file mappings (the executable's and every library's
    /// code). Code is never relocated in place, so all of it is the files' pages.
    static func residentCodeKB(process: String = "self") throws -> Int {
        let smaps = try String(contentsOfFile: "/proc/\(process)/smaps", encoding: .utf8)
        var total = 0
        var counting = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let first = fields.first else { continue }
            if first.contains("-"), fields.count >= 5, first.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                counting = fields.count >= 6 && fields[5].hasPrefix("/") && fields[1] == "r-xp"
            } else if counting, first == "Rss:", let kb = Int(fields[1]) {
                total += kb
            }
        }
        return total
    }

    @Test func releasedCodeIsNoLongerResidentAndTheCrawlStillRuns() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("after-release", paths: ["/news/article.html?no=64483", "/news/article.html?no=64466"])
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source))
        let (runtime, parser) = try EndToEndTests.runtimeAndParser(config)

        let before = try Self.residentCodeKB()
        let released = CodePages.release()
        let after = try Self.residentCodeKB()
        #expect(released > 0)
        // Reading smaps runs some code again; most of what ran before stays out.
        #expect(after * 2 < before, "resident code before \(before) KB, after \(after) KB")

        // Data, the GOT and the relocated pointers were left alone: a crawl calls through all of them.
        let report = await runtime.crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        #expect(report.fetched == 2 && report.failed == 0, "\(report)")
        #expect(report.emitted[.article] == 2, "\(report)")
        #expect(try runtime.store.urlCount() == 2)
    }

    /// The daemon gives its code back only before a wait long enough to be worth the next run's
    /// page faults; a schedule of seconds keeps it mapped.
    @Test func theDaemonReleasesCodeOnlyBeforeALongWait() {
        #expect(IdleMemory.releasesCode(wait: nil))  // nothing scheduled
        #expect(IdleMemory.releasesCode(wait: 3600))
        #expect(IdleMemory.releasesCode(wait: IdleMemory.codeReleaseWait))
        #expect(!IdleMemory.releasesCode(wait: IdleMemory.codeReleaseWait - 0.001))
        #expect(!IdleMemory.releasesCode(wait: 1))
        #expect(!IdleMemory.releasesCode(wait: 0))  // another source is due now
    }

    /// The daemon between runs (`gleaner run`): with an hour to wait it keeps little code
    /// resident; with two seconds it keeps what the run ran.
    @Test func anIdleDaemonKeepsItsCodeOnlyWhenTheNextRunIsNear() throws {
        func idleCodeKB(every: String) throws -> Int {
            let site = try ReplicaSite()
            let dir = try TemporaryDirectory()
            let source = EndToEndTests.seedsSource("article", paths: ["/news/article.html?no=64483"], every: every)
            let config = EndToEndTests.config(dir, site, sources: source)
            let daemon = try GleanerProcess(["run", "--config", config])
            defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
            #expect(eventually { daemon.stderr.contains("run finished") }, "\(daemon.stderr)")
            Thread.sleep(forTimeInterval: 0.5)  // the loop handles the finished run, then waits
            let kb = try Self.residentCodeKB(process: "\(daemon.process.processIdentifier)")
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: 20) == 0, "\(daemon.stderr)")
            return kb
        }
        let released = try idleCodeKB(every: "1h")
        let kept = try idleCodeKB(every: "2s")
        #expect(released * 2 < kept, "resident code between runs: \(released) KB (1 h to wait), \(kept) KB (2 s)")
    }
}
