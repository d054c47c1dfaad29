import Foundation
import GleanerCrawl
import GleanerParse
import Logging
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// What an operator sees when the state is lost or the disk fills: a start that stops with a
/// message instead of writing every record again, and a run that stops instead of fetching on.
@Suite struct StateLossTests {
    static let articles = EndToEndTests.seedsSource(
        "articles", paths: ["/news/article.html?no=64483", "/news/article.html?no=64466", "/news/article.html?no=62031"])

    static func articleLines(_ dir: TemporaryDirectory) throws -> [String] {
        try EndToEndTests.records(dir).filter { $0.contains("\"type\":\"article\"") }
    }

    @Test func aDeletedStateDatabaseStopsTheNextRunInsteadOfRepeatingEveryRecord() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = EndToEndTests.config(dir, site, sources: Self.articles)
        #expect(try GleanerProcess.run(["once", "--all", "--config", config]).status == 0)
        #expect(try Self.articleLines(dir).count == 3)
        let db = dir.path + "/state/state.sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(db + suffix) }

        let requests = site.server.requests.count
        let refused = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(refused.status == 2, "\(refused.stdout)")
        #expect(refused.stderr.contains("state database \(db) is new or empty, but output directory \(dir.path)/state/out holds"),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("gleaner once --new-generation"), "\(refused.stderr)")
        #expect(site.server.requests.count == requests, "the refused run fetched nothing")
        #expect(try Self.articleLines(dir).count == 3, "no record was written again")

        // The documented way forward, taken on purpose: a new generation, the repeats announced.
        let next = try GleanerProcess.run(["once", "--all", "--new-generation", "--config", config])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("new output generation"), "\(next.stderr)")
        #expect(try Self.articleLines(dir).count == 6)
        let marker = try String(contentsOfFile: dir.path + "/state/out/.gleaner-state", encoding: .utf8)
        #expect(marker.contains("\"generation\":2"), "\(marker)")
    }

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
