import Foundation
import GleanerFetch
import GleanerOutput
import GleanerStore
import Logging

/// The long-lived parts a process opens once from a configuration: the state store, the output
/// pipeline (recovered: open files truncated to their committed offsets), the fetcher and the
/// crawler that joins them. Shared by `gleaner once` and `gleaner run`.
public struct CrawlRuntime: Sendable {
    public let store: StateStore
    public let output: OutputPipeline
    public let fetcher: Fetcher
    public let crawler: Crawler
    public let metrics: CrawlMetrics
    let logger: Logger
    /// Held for as long as the runtime lives: this process is the directories' only writer.
    let locks: [DirectoryLock]

    /// `newGeneration`: accept a state database that did not write the output (see `OutputPipeline.pair`).
    public static func open(_ config: Configuration, logger: Logger, metrics: CrawlMetrics = CrawlMetrics(),
                            newGeneration: Bool = false) throws -> CrawlRuntime {
        try FileModes.createDirectory(config.stateDirectory)
        try FileModes.createDirectory(config.outputDirectory)
        // Before anything is opened or recovered: recovery truncates output files.
        var locks = [try DirectoryLock(directory: config.stateDirectory)]
        let same = { (a: String, b: String) in
            URL(fileURLWithPath: a).resolvingSymlinksInPath().path == URL(fileURLWithPath: b).resolvingSymlinksInPath().path
        }
        if !same(config.outputDirectory, config.stateDirectory) {
            locks.append(try DirectoryLock(directory: config.outputDirectory))
        }
        let store = try StateStore(path: config.databasePath)
        let output = try OutputPipeline(store: store, outputDirectory: config.outputDirectory,
                                        settings: config.outputSettings, logger: logger)
        try output.pair(newGeneration: newGeneration)  // before recovery cuts any file
        try output.recover()
        metrics.declare(sources: config.sources.filter(\.enabled).map(\.name))
        let fetcher = Fetcher(settings: config.fetcherSettings, logger: logger)
        let crawler = Crawler(fetcher: fetcher, output: output, metrics: metrics,
                              parseWorkers: config.daemon.parseWorkers, pageBudget: config.limits, logger: logger)
        return CrawlRuntime(store: store, output: output, fetcher: fetcher, crawler: crawler, metrics: metrics,
                            logger: logger, locks: locks)
    }

    /// The scheduler's memory of each source, as the store kept it; throws the store's error.
    public func readSchedule() throws -> [String: Scheduler.Persisted] {
        var out: [String: Scheduler.Persisted] = [:]
        for s in try store.allSources() {
            if let next = s.nextRunAt { out[s.name] = Scheduler.Persisted(nextRun: next, failures: s.consecutiveFailures) }
        }
        return out
    }

    /// `readSchedule()`, or an empty schedule when the store cannot be read: the failure is
    /// logged at error level with the database and SQLite's text and counted
    /// (`gleaner_store_errors_total{operation="read_schedule"}`); every source is then due now.
    public func persistedSchedule() -> [String: Scheduler.Persisted] {
        do { return try readSchedule() } catch {
            Crawler.storeFailed("read_schedule", consequence: "every source is scheduled as if new", error: error,
                                context: ["store.path": "\(store.path)"], logger: logger, metrics: metrics, level: .error)
            return [:]
        }
    }

    /// Records a finished run and the next one the scheduler planned. Returns false when the
    /// store refused it: logged at error level with the source, the planned run and the store's
    /// error, and counted (`operation="save_schedule"`); the scheduler keeps its plan in memory.
    @discardableResult
    public func persist(_ report: RunReport, next: Scheduler.Persisted) async -> Bool {
        let outcome = report.outcome
        do {
            try await store.updateSource(report.source, lastRunAt: report.finishedAt, outcome: outcome,
                                         nextRunAt: next.nextRun, consecutiveFailures: next.failures)
            return true
        } catch {
            Crawler.storeFailed("save_schedule", consequence: "the next run is kept in memory only and lost on restart",
                                error: error, context: [
                                    "source": "\(report.source)", "schedule.next_run": "\(next.nextRun)",
                                    "schedule.failures": "\(next.failures)", "store.path": "\(store.path)",
                                ], logger: logger, metrics: metrics, level: .error)
            return false
        }
    }
}
