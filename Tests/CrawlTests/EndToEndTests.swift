import Foundation
import GleanerCrawl
import GleanerParse
import Logging
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real binary against the replica site on loopback: what an operator would see.
@Suite struct EndToEndTests {
    static let home = """
        [[source]]
        name = "home"
        parser = "tvseoul"
        seeds = ["http://www.tvseoul.kr/"]
        every = "1h"
        jitter = "0s"
        max_depth = 1
        """

    static let oneArticle = """
        [[source]]
        name = "article"
        parser = "tvseoul"
        seeds = ["http://www.tvseoul.kr/news/article.html?no=64483"]
        every = "1h"
        jitter = "0s"
        max_depth = 0
        emit = ["article"]
        """

    /// A source that fetches these paths of the replica and follows none of their links (articles
    /// only); `extra` is TOML that goes after its table, e.g. `[source.politeness]`.
    static func seedsSource(_ name: String, paths: [String], every: String = "1h", extra: String = "") -> String {
        """
        [[source]]
        name = "\(name)"
        parser = "tvseoul"
        seeds = [\(paths.map { "\"http://www.tvseoul.kr\($0)\"" }.joined(separator: ", "))]
        every = "\(every)"
        jitter = "0s"
        max_depth = 0
        emit = ["article"]
        \(extra)
        """
    }

    /// The runtime of `config` and its tvseoul parser, for tests that drive `Crawler.run` themselves.
    static func runtimeAndParser(_ config: Configuration) throws -> (CrawlRuntime, SiteParser) {
        let runtime = try CrawlRuntime.open(config, logger: Logger(label: "test"))
        let registry = try ParserRegistry.load(directories: config.parserDirectories.map { URL(fileURLWithPath: $0) })
        return (runtime, try #require(registry.parser(named: "tvseoul")))
    }

    /// A configuration for the replica: state and output in `dir`, no politeness delay on loopback.
    static func config(_ dir: TemporaryDirectory, _ site: ReplicaSite, sources: String, delay: String = "0s",
                       concurrency: Int = 4, grace: String = "5s", parseWorkers: Int = 0,
                       perHostConcurrency: Int = 4) -> String {
        let text = """
            state_dir = "\(dir.path)/state"
            parser_dirs = ["\(repositoryRoot().appendingPathComponent("Parsers").path)"]
            metrics_file = "\(dir.path)/gleaner.prom"

            [log]
            level = "info"

            [http]
            contact = "https://example.org/gleaner-tests"
            timeout = "10s"
            concurrency = \(concurrency)

            [http.connect_to]
            "www.tvseoul.kr:80" = "\(site.connectTo)"
            "tvseoul.kr:80" = "\(site.connectTo)"

            [politeness]
            delay = "\(delay)"
            jitter = "0s"
            per_host_concurrency = \(perHostConcurrency)
            max_crawl_delay = "0s"

            [daemon]
            shutdown_grace = "\(grace)"
            parse_workers = \(parseWorkers)

            \(sources)
            """
        let path = dir.path + "/gleaner.toml"
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every record line of the sealed output, `fetched_at` blanked (it is the wall clock), sorted.
    static func records(_ dir: TemporaryDirectory) throws -> [String] {
        let out = URL(fileURLWithPath: dir.path + "/state/out")
        var lines: [String] = []
        for type in ["article", "weather", "teaser"] {
            let folder = out.appendingPathComponent(type)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".jsonl") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                lines += text.split(separator: "\n").map(String.init)
            }
        }
        return lines.map { $0.replacing(/"fetched_at":"[^"]*"/, with: "\"fetched_at\":\"-\"") }.sorted()
    }

    @Test func firstRunEmitsTheGoldenRecordsAndTheSecondOnlyRevalidates() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        // One page at a time: the same teaser on two pages is emitted from whichever page comes
        // first, so the golden file needs a fixed page order.
        let config = Self.config(dir, site, sources: Self.home, concurrency: 1)

        let first = try GleanerProcess.run(["once", "--config", config])
        // The replica has 6 of the site's pages; the other pages the home page links to are 404.
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stdout.contains("× http_404"), "\(first.stdout)")
        let records = try Self.records(dir)
        let golden = repositoryRoot().appendingPathComponent("Tests/CrawlTests/Golden/replica-home.jsonl")
        let expected = (try? String(contentsOf: golden, encoding: .utf8))?.split(separator: "\n").map(String.init)
        if ProcessInfo.processInfo.environment["GLEANER_RECORD"] != nil || expected == nil {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (records.joined(separator: "\n") + "\n").write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("re-recorded \(golden.path): read the diff, then run again without GLEANER_RECORD")
        } else if let expected {
            #expect(records.count == expected.count)
            let firstDifference = zip(records, expected).first { $0 != $1 }
            #expect(firstDifference == nil, "first difference: got \(firstDifference?.0 ?? "") expected \(firstDifference?.1 ?? "")")
        }
        #expect(records.contains { $0.contains("\"type\":\"article\"") && $0.contains("\"id\":\"64483\"") })
        #expect(records.filter { $0.contains("\"type\":\"weather\"") }.count == 16)
        let metrics = try String(contentsOfFile: dir.path + "/gleaner.prom", encoding: .utf8)
        #expect(metrics.contains("gleaner_records_total{site=\"tvseoul\",type=\"weather\",outcome=\"emitted\"} 16\n"), "\(metrics)")
        #expect(metrics.contains("gleaner_fetches_total{kind=\"http_404\"}"))
        #expect(metrics.contains("gleaner_source_last_success_timestamp_seconds{source=\"home\"}"))

        let before = site.server.requests.count
        let second = try GleanerProcess.run(["once", "--config", config, "--all"])
        // The home page answers 304 and still leads to its links (stored with it): the pages the
        // replica lacks are tried again and are still 404, everything else is unchanged.
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stdout.contains("× http_404"), "\(second.stdout)")
        #expect(try Self.records(dir) == records)
        #expect(second.stdout.contains("new records: 0 article, 0 teaser, 0 weather"), "\(second.stdout)")
        let home = site.server.requests.dropFirst(before).filter { $0.target == "/" }
        #expect(home.count == 1)
        #expect(home.first?.header("If-None-Match") != nil)
        #expect(home.first?.header("If-Modified-Since") == "Wed, 02 Jul 2025 06:00:00 GMT")
    }

    /// The first run stops at its page budget after the home page; the second is a new process
    /// whose home page answers 304: its stored links still lead to the articles.
    @Test func aListPageAnswering304AfterARestartStillLeadsToThePagesItLinks() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let source = { (pages: Int) in Self.home + "\nmax_pages = \(pages)\nemit = [\"article\"]\n" }
        let first = try GleanerProcess.run(["once", "--config", Self.config(dir, site, sources: source(1))])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.records(dir).isEmpty)

        let before = site.server.requests.count
        let second = try GleanerProcess.run(["once", "--all", "--config", Self.config(dir, site, sources: source(100))])
        let requests = site.server.requests.dropFirst(before)
        #expect(requests.first { $0.target == "/" }?.header("If-None-Match") != nil, "the home page is revalidated")
        #expect(second.stdout.contains("(1 not modified)"), "\(second.stdout)")
        #expect(requests.contains { $0.target == "/news/article.html?no=64483" })
        #expect(try Self.records(dir).contains { $0.contains("\"type\":\"article\"") && $0.contains("\"id\":\"64483\"") })
    }

    @Test func anArticleThatIsGoneIsNotFetchedAgainOnTheNextRun() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = Self.config(dir, site, sources: Self.home + "\nemit = [\"article\"]\n")
        let first = try GleanerProcess.run(["once", "--config", config])
        #expect(first.status == 1, "the replica lacks most linked pages: \(first.stdout)")
        let isArticle = { (r: TestRequest) in r.path == "/news/article.html" }
        let inReplica = { (r: TestRequest) in
            ReplicaSite.fixtureName(path: r.path, query: r.query).flatMap { try? ReplicaSite.fixture($0) } != nil
        }
        let missing = Set(site.server.requests.filter { isArticle($0) && !inReplica($0) }.map(\.target))
        #expect(missing.count >= 3, "the home page links articles the replica does not have")

        let before = site.server.requests.count
        let second = try GleanerProcess.run(["once", "--all", "--config", config])
        let requests = site.server.requests.dropFirst(before)
        #expect(requests.contains { $0.target == "/" }, "the seed is fetched on every run")
        let again = requests.filter(isArticle).map(\.target).filter(missing.contains)
        #expect(again.isEmpty, "articles that answered 404 before their revisit was due were requested again: \(again)")
        #expect(second.status != 2, "the run set up: \(second.stderr)")
    }

    @Test func aChangedPageBecomesRevisionTwo() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = Self.config(dir, site, sources: Self.oneArticle)
        #expect(try GleanerProcess.run(["once", "--config", config]).status == 0)
        // The schedule is persisted: a new process finds the source not due for another hour.
        let requests = site.server.requests.count
        let notDue = try GleanerProcess.run(["once", "--config", config])
        #expect(notDue.status == 0)
        #expect(notDue.stdout.contains("nothing is due"), "\(notDue.stdout)")
        #expect(site.server.requests.count == requests)
        let page = String(decoding: try ReplicaSite.fixture("article_64483.html"), as: UTF8.self)
        let corrected = page.replacingOccurrences(of: "어르신", with: "어르신들")
        #expect(corrected != page)
        site.replace("article_64483.html", with: Array(corrected.utf8))
        let second = try GleanerProcess.run(["once", "--config", config, "--all"])
        #expect(second.status == 0, "\(second.stderr)")
        let revisions = try Self.records(dir).compactMap { line in
            line.firstMatch(of: /"revision":(\d+)/).map { Int($0.1)! }
        }
        #expect(revisions.sorted() == [1, 2])
    }

    @Test func aSourcesOwnPolitenessDelaySpacesItsRequests() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let source = """
            [[source]]
            name = "slow"
            parser = "tvseoul"
            seeds = ["http://www.tvseoul.kr/news/article.html?no=64483", "http://www.tvseoul.kr/news/article.html?no=64466",
                     "http://www.tvseoul.kr/news/article.html?no=62031"]
            max_depth = 0

            [source.politeness]
            delay = "300ms"
            """
        let config = Self.config(dir, site, sources: source)
        let run = try GleanerProcess.run(["once", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        let starts = site.server.requests.filter { $0.path == "/news/article.html" }.map(\.receivedAt).sorted()
        #expect(starts.count == 3)
        for (a, b) in zip(starts, starts.dropFirst()) {
            // 300 ms apart, less a 30 ms allowance for scheduling between the gate and the socket.
            #expect(b.timeIntervalSince(a) >= 0.27, "requests \(b.timeIntervalSince(a)) s apart")
        }
    }

    @Test func sigtermMidRunExitsZeroWithCompleteOutput() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        // 150 ms between requests: the run takes seconds, so SIGTERM lands in the middle.
        let config = Self.config(dir, site, sources: Self.home, delay: "150ms")
        let notify = try NotifySocket(path: dir.path + "/notify")
        let daemon = try GleanerProcess(["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.address])
        #expect(eventually { site.server.requests.count >= 6 }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        let status = daemon.wait(timeout: 20)
        #expect(status == 0, "\(daemon.stderr)")
        let messages = notify.receive(until: { _ in false }, timeout: 0.3)
        #expect(messages.first?.hasPrefix("READY=1") == true)
        #expect(messages.contains { $0.hasPrefix("STOPPING=1") })
        // Consistent output: only sealed files, every line whole JSON, no record twice.
        let out = dir.path + "/state/out"
        let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
        #expect(!files.contains { $0.hasSuffix(".open") }, "\(files)")
        let lines = try Self.records(dir)
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
        #expect(Set(lines).count == lines.count)
        #expect(daemon.stderr.contains("shutting down"))
        #expect(site.server.requests.count < 60, "the run should have been cut short")
    }

    @Test func aSecondProcessOnTheDaemonsDirectoriesIsRefusedAndNamesTheDaemon() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = Self.config(dir, site, sources: Self.oneArticle)
        let daemon = try GleanerProcess(["run", "--config", config])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
        #expect(eventually { daemon.stderr.contains("run finished") }, "\(daemon.stderr)")
        let requests = site.server.requests.count
        let second = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(second.status == 2, "\(second.stdout)")
        #expect(second.stderr.contains("\(dir.path)/state: in use by another gleaner process (pid \(daemon.process.processIdentifier))"),
                "\(second.stderr)")
        #expect(site.server.requests.count == requests, "the refused process fetched nothing")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 15) == 0, "\(daemon.stderr)")
        // Its records are intact, and the directories are free again.
        #expect(try Self.records(dir).count == 1)
        #expect(try GleanerProcess.run(["once", "--all", "--config", config]).status == 0)
    }

    @Test func aPageStillInFlightWhenTheGracePeriodEndsIsCancelledAndTheDaemonExitsZero() throws {
        let site = try ReplicaSite()
        site.stall("article_64483.html")
        let dir = try TemporaryDirectory()
        let config = Self.config(dir, site, sources: Self.oneArticle, grace: "500ms")
        let daemon = try GleanerProcess(["run", "--config", config])
        #expect(eventually { site.server.requests.contains { $0.target.hasPrefix("/news/article.html") } }, "\(daemon.stderr)")
        let start = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 15) == 0, "\(daemon.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(daemon.stderr.contains("grace period over; cancelling pages in flight"), "\(daemon.stderr)")
        #expect(try Self.records(dir).isEmpty)
        site.server.stop()
    }

    @Test func sighupKeepsTheOldConfigWhenTheNewOneIsBrokenAndPicksUpANewSource() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = Self.config(dir, site, sources: Self.oneArticle)
        let notify = try NotifySocket(path: dir.path + "/notify")
        let daemon = try GleanerProcess(["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.address])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
        let ready = notify.receive(until: { $0.hasPrefix("READY=1") }, timeout: 10)
        #expect(ready.last?.hasPrefix("READY=1") == true, "\(daemon.stderr)")
        #expect(eventually { daemon.stderr.contains("run finished") }, "\(daemon.stderr)")

        // A broken file: the daemon says why and goes on with the old configuration.
        let good = try String(contentsOfFile: config, encoding: .utf8)
        try good.replacingOccurrences(of: "max_depth = 0", with: "max_dept = 0").write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let reload1 = notify.receive(until: { $0.hasPrefix("READY=1") }, timeout: 10)
        // In order: RELOADING=1, then READY=1 once the (failed) reload is over.
        let reloading = reload1.firstIndex { $0.hasPrefix("RELOADING=1") }
        #expect(reloading != nil, "\(reload1)")
        #expect(reload1.last?.hasPrefix("READY=1") == true && reloading! < reload1.count - 1, "\(reload1)")
        #expect(eventually { daemon.stderr.contains("reload failed; keeping the previous configuration") }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("source[0].max_dept: unknown key"))
        #expect(daemon.process.isRunning)

        // A new source: picked up and run at once.
        let withNew = good + "\n" + Self.oneArticle
            .replacingOccurrences(of: "name = \"article\"", with: "name = \"second\"")
            .replacingOccurrences(of: "no=64483", with: "no=64466")
        try withNew.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(eventually { site.server.requests.contains { $0.target == "/news/article.html?no=64466" } }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("configuration reloaded"))

        // [http] changed: runs that start after the reload fetch with the new settings.
        let withNewContact = withNew.replacingOccurrences(of: "https://example.org/gleaner-tests", with: "https://example.org/gleaner-reloaded")
            + "\n" + Self.oneArticle
                .replacingOccurrences(of: "name = \"article\"", with: "name = \"third\"")
                .replacingOccurrences(of: "no=64483", with: "no=62031")
        try withNewContact.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let third = { site.server.requests.first { $0.target == "/news/article.html?no=62031" } }
        #expect(eventually { third() != nil }, "\(daemon.stderr)")
        let agent = third()?.headers.first { $0.name.lowercased() == "user-agent" }?.value ?? ""
        #expect(agent.contains("https://example.org/gleaner-reloaded"), "User-Agent after reload: \(agent)")
        #expect(daemon.stderr.contains("[http] and [politeness] applied to runs that start from now"), "\(daemon.stderr)")

        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 20) == 0, "\(daemon.stderr)")
        let rest = notify.receive(until: { $0.hasPrefix("STOPPING=1") }, timeout: 2)
        #expect(rest.last?.hasPrefix("STOPPING=1") == true, "\(rest)")
    }

    @Test func checkConfigNamesTheLineKeyAndParserOfEveryProblem() throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = Self.config(dir, site, sources: Self.oneArticle)
        let ok = try GleanerProcess.run(["check", "--config", config])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("ok config"))
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "parser = \"tvseoul\"", with: "parser = \"tvseul\"")
            .replacingOccurrences(of: "every = \"1h\"", with: "every = \"1 hour\"")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let bad = try GleanerProcess.run(["check", "--config", config])
        #expect(bad.status == 1)
        let line = { (key: String) in text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(key) }! + 1 }
        #expect(bad.stderr.contains("\(config):\(line("every =")): source[0].every: expected a duration"), "\(bad.stderr)")
        // The sources are checked against the parsers in the same run, past the file's own errors.
        #expect(bad.stderr.contains("\(config):\(line("parser =")): source[0].parser: unknown parser \"tvseul\""), "\(bad.stderr)")
        #expect(bad.stderr.hasSuffix("2 errors in 1 file\n"), "\(bad.stderr)")
        #expect(!bad.stdout.contains("ok"), "\(bad.stdout)")
    }
}
