import Foundation
import GleanerCrawl
import GleanerParse
import GleanerStore
import GRDB
import Logging
import Synchronization
import Testing
import TestSupport

/// Log lines as a handler receives them: message, level and metadata rendered as text.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in Handler(lines: self) }
    }

    func matching(_ parts: String...) -> [String] {
        lines.withLock { all in all.filter { line in parts.allSatisfy(line.contains) } }
    }

    struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let text = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.lines.withLock { $0.append("\(event.level) \(event.message) \(text)") }
        }
    }
}

/// A state store that fails during a run (a table gone under the daemon, as a damaged or
/// foreign database shows it): every failed call is logged with its operation, its URL or
/// source and SQLite's text, and counted, instead of vanishing.
@Suite struct StoreFailureTests {
    /// Runs `sql` on the run's database through a connection of its own (a real SQLite error
    /// for the runtime's next statement on that table).
    static func damage(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
    }

    @Test func aScheduleThatCannotBeReadOrSavedIsLoggedWithTheStoresErrorAndCounted() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: StateLossTests.articles))
        let log = LogLines()
        let runtime = try CrawlRuntime.open(config, logger: log.logger)
        try Self.damage(config.databasePath, "DROP TABLE sources")

        #expect(runtime.persistedSchedule().isEmpty)
        let read = log.matching("error state store call failed", "store.operation=read_schedule", "no such table: sources",
                                "store.path=\(config.databasePath)")
        #expect(read.count == 1, "\(log.lines.withLock { $0 })")
        #expect(runtime.metrics.value(.storeErrors, [("operation", "read_schedule")]) == 1)

        let report = RunReport(source: "articles", startedAt: Date())
        let saved = await runtime.persist(report, next: Scheduler.Persisted(nextRun: Date(), failures: 0))
        #expect(!saved)
        let write = log.matching("error state store call failed", "store.operation=save_schedule", "source=articles",
                                 "no such table: sources")
        #expect(write.count == 1, "\(log.lines.withLock { $0 })")
        #expect(runtime.metrics.value(.storeErrors, [("operation", "save_schedule")]) == 1)
    }

    @Test func aFailedLookupDuringARunIsLoggedWithTheURLAndCountedAndThePageStillFetched() async throws {
        let site = try ReplicaSite()
        let dir = try TemporaryDirectory()
        let source = EndToEndTests.seedsSource("home", paths: ["/"])
        let config = try Configuration.load(file: EndToEndTests.config(dir, site, sources: source))
        let log = LogLines()
        let runtime = try CrawlRuntime.open(config, logger: log.logger)
        let registry = try ParserRegistry.load(directories: config.parserDirectories.map { URL(fileURLWithPath: $0) })
        let parser = try #require(registry.parser(named: "tvseoul"))
        // The list pages' stored links: read by the prefetch and every list page's lookup.
        try Self.damage(config.databasePath, "DROP TABLE page_links")

        let report = await runtime.crawler.run(config.sources[0], parser: parser, concurrency: 2, stop: StopFlag())
        let seed = "http://www.tvseoul.kr/"
        let lookups = log.matching("warning state store call failed", "store.operation=lookup", "crawl.url=\(seed)",
                                   "no such table: page_links")
        #expect(lookups.count == 1, "\(log.lines.withLock { $0 })")
        #expect(log.matching("store.operation=prefetch", "no such table: page_links").count == 1)
        #expect(report.storeErrors >= 2, "\(report)")
        #expect(report.summary.contains("state reads failed (logged)"), "\(report.summary)")
        #expect(runtime.metrics.value(.storeErrors, [("operation", "lookup")]) >= 1)
        #expect(report.seedsReached == 1, "the seed was fetched without its stored state: \(report)")
    }
}
