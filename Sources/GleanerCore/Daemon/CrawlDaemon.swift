import Foundation
import GleanerCrawl
import GleanerFetch
import GleanerStore
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `gleaner run`: the scheduler loop as a swift-service-lifecycle `Service`.
///
/// - SIGTERM/SIGINT (graceful shutdown from the `ServiceGroup`): STOPPING=1, no new run or page
///   starts, pages in flight finish within `shutdown_grace` (then they are cancelled), the
///   finished ones are committed, output files are sealed, and `run()` returns (exit 0).
/// - SIGHUP: RELOADING=1, configuration and parsers are loaded anew and swapped in whole; a bad
///   new configuration is logged and the old one kept; READY=1 again.
/// - WATCHDOG=1 goes out only while the loop turns and the store answers.
public final class CrawlDaemon: Service, Sendable {
    public let configFile: String
    public let overrides: CrawlSetup.Overrides
    let initial: CrawlSetup
    let runtime: CrawlRuntime
    let notifier: SystemdNotifier
    let logger: Logger
    let clock: @Sendable () -> Date

    enum Event: Sendable {
        case tick
        case reload
        case finished(String, RunReport)
        case shutdown
        /// Pages still in flight are cancelled (three quarters into `shutdown_grace`).
        case graceExpired
        /// `shutdown_grace` is over: runs that have still not ended are left behind.
        case deadline
        /// Time to prove liveness: answered by the loop itself, so a wedged loop sends nothing.
        case watchdog
    }

    public init(configFile: String, overrides: CrawlSetup.Overrides, setup: CrawlSetup, runtime: CrawlRuntime,
                notifier: SystemdNotifier, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.configFile = configFile
        self.overrides = overrides
        self.initial = setup
        self.runtime = runtime
        self.notifier = notifier
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        let (events, emit) = AsyncStream<Event>.makeStream()
        let stop = StopFlag()
        // The signal handler reads the grace of the configuration in force (a reload may change it).
        let deadline = StopFlag()
        let graceMilliseconds = Atomic<Int64>(Self.milliseconds(initial.configuration.daemon.shutdownGrace))
        var state = LoopState(setup: initial, scheduler: Scheduler(
            plans: Self.plans(initial), persisted: runtime.persistedSchedule(), now: clock(),
            backoffMax: initial.configuration.daemon.backoffMax.seconds), crawler: runtime.crawler)

        // Trap SIGHUP before READY=1, so a reload sent right after readiness is never lost.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await runtime.reportParserHealth(initial)
        state.metricsDirty = !initial.parserErrors.isEmpty
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in hangups { emit.yield(.reload) } }
                if let interval = notifier.watchdogInterval {
                    group.addTask {
                        while !Task.isCancelled {
                            emit.yield(.watchdog)
                            try? await Task.sleep(for: interval / 2)
                        }
                    }
                }
                // Set up: what loading the configuration, the parsers and the state used goes back.
                IdleMemory.release()
                notifier.ready(status: state.status(now: clock()))
                // Every source's series from the start, so an alert on a source that never
                // succeeds fires before its first run ends.
                writeMetrics(state.setup.configuration)
                state.metricsWrittenAt = clock()
                logger.info("daemon ready", metadata: ["daemon.sources": "\(state.setup.runnableSources.count)",
                                                       "daemon.config": "\(configFile)"])
                emit.yield(.tick)
                var timer: Task<Void, Never>?
                for await event in events {
                    if state.stopping, !state.running.isEmpty, deadline.isStopped {
                        logger.error("shutdown grace over; not waiting for the remaining runs (what they committed stays; their schedule is not saved, so they are due at the next start)",
                                     metadata: ["daemon.running": "\(state.running.count) source(s)"])
                        break
                    }
                    switch event {
                    case .tick:
                        await housekeeping(&state)
                        writeMetricsIfDue(&state)
                    case .watchdog:
                        // Healthy: the loop turns (it is answering) and the store answers a read,
                        // made on the store's own queue so SQLite never blocks the loop.
                        do {
                            _ = try await runtime.store.blocking { try $0.allSources() }
                            notifier.watchdog()
                        } catch {
                            logger.error("state store unreadable; withholding the watchdog ping", metadata: [
                                "store.path": "\(runtime.store.path)", "store.error": "\(error)",
                            ])
                        }
                        continue
                    case .reload:
                        await reload(&state)
                        graceMilliseconds.store(Self.milliseconds(state.setup.configuration.daemon.shutdownGrace), ordering: .relaxed)
                        // Loading a configuration and parsers is start-up work too.
                        releaseIfIdle(state)
                    case .finished(let name, let report):
                        state.running.removeValue(forKey: name)
                        if let next = state.scheduler.finished(name, outcome: report.succeeded ? .success : .failure, now: clock()) {
                            await runtime.persist(report, next: next)
                        }
                        // Rendering the metrics costs time in proportion to the sources: with
                        // thousands finishing together, writing after each one would take minutes.
                        state.metricsDirty = true
                        if !state.stopping { writeMetricsIfDue(&state) }
                        releaseIfIdle(state)
                    case .shutdown:
                        guard !state.stopping else { break }
                        state.stopping = true
                        notifier.stopping(status: "stopping: finishing \(state.running.count) running source(s)")
                        logger.notice("shutting down", metadata: ["daemon.running": "\(state.running.count) source(s)"])
                    case .deadline:
                        break  // handled above, before the event
                    case .graceExpired:
                        if !state.running.isEmpty {
                            logger.warning("grace period over; cancelling pages in flight", metadata: [
                                "daemon.running": "\(state.running.keys.sorted().joined(separator: ","))",
                            ])
                            for task in state.running.values { task.cancel() }
                        }
                    }
                    if state.stopping {
                        if state.running.isEmpty { break }
                        continue
                    }
                    startDue(&state, stop: stop, emit: emit)
                    timer?.cancel()
                    if case .wait(let until) = state.scheduler.decide(now: clock()) {
                        // At least once a minute, so hourly files are sealed on time when no run commits;
                        // within a second while metrics wait behind writeMetricsIfDue's once-a-second limit.
                        let delay = min(max(until.timeIntervalSince(clock()), 0.01), state.metricsDirty ? 1 : 60)
                        timer = Task {
                            try? await Task.sleep(for: .milliseconds(Int64(delay * 1000) + 1))
                            if !Task.isCancelled { emit.yield(.tick) }
                        }
                    }
                    notifier.status(state.status(now: clock()))
                }
                timer?.cancel()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            // Timed from the signal, not from when the loop gets to it: however many sources are
            // running, the process is gone within `shutdown_grace`. Pages in flight get three
            // quarters of it, commits until 85 %, and the rest is for sealing.
            stop.stop()
            emit.yield(.shutdown)
            let grace = Duration.milliseconds(graceMilliseconds.load(ordering: .relaxed))
            Task {
                try? await Task.sleep(for: grace * 0.75)
                emit.yield(.graceExpired)
                try? await Task.sleep(for: grace * 0.1)
                // Flagged as well as queued: the loop may have thousands of finished runs to go through.
                deadline.stop()
                emit.yield(.deadline)
            }
        }
        emit.finish()
        do { try await runtime.output.sealAll() } catch {
            logger.error("sealing output files failed", metadata: ["daemon.error": "\(error)"])
        }
        writeMetrics(state.setup.configuration)
        logger.notice("stopped")
    }

    // MARK: - Runs

    private func startDue(_ state: inout LoopState, stop: StopFlag, emit: AsyncStream<Event>.Continuation) {
        guard case .run(let names) = state.scheduler.decide(now: clock()) else { return }
        let sources = Dictionary(state.setup.runnableSources.map { ($0.0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let concurrency = state.setup.configuration.http.concurrency
        for name in names {
            guard let (source, parser) = sources[name], state.scheduler.started(name, now: clock()) else { continue }
            let crawler = state.crawler
            state.running[name] = Task {
                let report = await crawler.run(source, parser: parser, concurrency: concurrency, stop: stop)
                emit.yield(.finished(name, report))
            }
        }
    }

    static func milliseconds(_ d: ConfigDuration) -> Int64 {
        let (seconds, attoseconds) = d.duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func plans(_ setup: CrawlSetup) -> [String: Scheduler.Plan] {
        Dictionary(setup.runnableSources.map { ($0.0.name, Scheduler.Plan($0.0)) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: - Housekeeping

    /// Seals output files whose period is over, and once a day prunes state past `retention`.
    /// With nothing running, the allocators' free memory goes back to the kernel (IdleMemory).
    private func releaseIfIdle(_ state: LoopState) {
        if state.running.isEmpty { IdleMemory.release() }
    }

    private func housekeeping(_ state: inout LoopState) async {
        let now = clock()
        do { try await runtime.output.rotateIfDue(now: now) } catch {
            logger.error("rotating output files failed", metadata: ["daemon.error": "\(error)"])
        }
        guard now.timeIntervalSince(state.lastPrune) >= 86_400 else { return }
        state.lastPrune = now
        let cutoff = now.addingTimeInterval(-state.setup.configuration.output.retention.seconds)
        do {
            let pruned = try await runtime.output.prune(olderThan: cutoff)
            logger.info("state pruned", metadata: ["daemon.urls": "\(pruned.urls)", "daemon.records": "\(pruned.records)"])
        } catch {
            logger.error("pruning state failed", metadata: ["daemon.error": "\(error)"])
        }
    }

    // MARK: - Reload

    private static let loader = BlockingExecutor(label: "gleaner.reload")

    private func reload(_ state: inout LoopState) async {
        notifier.reloading()
        do {
            // File reads and XPath compiles on a thread of their own, not the loop's.
            let (file, overrides, previous) = (configFile, overrides, state.setup)
            let next = try await Self.loader.run { try CrawlSetup.load(configFile: file, overrides: overrides, previous: previous) }
            // An emptied or truncated file parses as defaults with no source: a daemon left with
            // nothing to crawl is a mistake, not an intent (stop the unit to pause it).
            guard !next.runnableSources.isEmpty else { throw ReloadRefused.noSources(file: configFile) }
            let before = Set(state.setup.configuration.sources.map(\.name))
            let after = Set(next.configuration.sources.map(\.name))
            let old = state.setup.configuration, new = next.configuration
            if new.stateDirectory != old.stateDirectory || new.outputDirectory != old.outputDirectory {
                // The store and the output files stay where they are: moving them under a running
                // writer would break the commit protocol.
                logger.warning("state_dir and output_dir changes take effect at the next restart")
            }
            if new.http != old.http || new.politeness != old.politeness || new.limits != old.limits {
                state.crawler = Crawler(fetcher: Fetcher(settings: new.fetcherSettings, logger: logger),
                                        output: runtime.output, metrics: runtime.metrics,
                                        parseWorkers: new.daemon.parseWorkers, pageBudget: new.limits, logger: logger)
                logger.notice("[http] and [politeness] applied to runs that start from now")
            }
            state.setup = next
            runtime.metrics.declare(sources: next.configuration.sources.filter(\.enabled).map(\.name))
            state.scheduler.reconfigure(Self.plans(next), persisted: runtime.persistedSchedule(), now: clock())
            await runtime.reportParserHealth(next, previous: previous)
            state.metricsDirty = true
            var metadata: Logger.Metadata = [
                "daemon.config": "\(configFile)", "daemon.sources": "\(next.runnableSources.count)",
                "daemon.added": "\(after.subtracting(before).sorted().joined(separator: ","))",
                "daemon.removed": "\(before.subtracting(after).sorted().joined(separator: ","))",
                "daemon.parsers": "\(next.parsers.parsers.map(\.name).joined(separator: ","))",
            ]
            if next.parserErrors.isEmpty {
                logger.notice("configuration reloaded", metadata: metadata)
            } else {
                // Partial: the configuration and the parsers that load are in force; each broken
                // parser keeps its previous version, or (new to this daemon) its sources stay off.
                metadata["daemon.parsers_failed"] = "\(next.parserErrors.keys.sorted().joined(separator: ","))"
                metadata["daemon.parsers_kept"] = "\(next.keptParsers.sorted().joined(separator: ","))"
                metadata["daemon.sources_disabled"] = "\(next.disabledSources.map(\.name).joined(separator: ","))"
                logger.error("configuration reloaded partially: some parsers did not load", metadata: metadata)
            }
        } catch {
            logger.error("reload failed; keeping the previous configuration", metadata: [
                "daemon.config": "\(configFile)", "daemon.error": "\(error)",
            ])
        }
        notifier.ready(status: state.status(now: clock()))
    }

    /// Writes the metrics file when runs finished since the last write, at most once a second.
    private func writeMetricsIfDue(_ state: inout LoopState) {
        let now = clock()
        guard state.metricsDirty, now.timeIntervalSince(state.metricsWrittenAt) >= 1 else { return }
        state.metricsDirty = false
        state.metricsWrittenAt = now
        writeMetrics(state.setup.configuration)
    }

    private func writeMetrics(_ config: Configuration) {
        guard let path = config.metricsPath else { return }
        do { try MetricsFile(path: path).write(runtime.metrics) } catch {
            logger.warning("metrics file not written", metadata: ["daemon.metrics_file": "\(path)", "daemon.error": "\(error)"])
        }
    }
}

/// Why a reload that loaded without errors is still refused.
enum ReloadRefused: Error, CustomStringConvertible {
    case noSources(file: String)

    var description: String {
        switch self {
        case .noSources(let file): "\(file): no enabled [[source]]; a reload must leave the daemon something to crawl"
        }
    }
}
