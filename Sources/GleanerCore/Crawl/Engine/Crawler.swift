import Foundation
import GleanerFetch
import GleanerModel
import GleanerOutput
import GleanerParse
import GleanerStore
import Logging
import Synchronization

/// Runs sources: fetch → parse (in parallel, up to the cores) → dedup → sink → commit. New
/// fetches wait while the parse workers are behind (`FetchAdmission`).
///
/// One crawler serves every run of the process; its parts (fetcher with its politeness and
/// robots cache, output pipeline, metrics) are shared, so two sources on one host still wait
/// for each other. A page that fails is logged with its URL and counted; it never ends the run.
public final class Crawler: Sendable {
    public let fetcher: Fetcher
    public let output: OutputPipeline
    public let metrics: CrawlMetrics
    let workers: ParseWorkers
    /// Each source's fetch window as its last run left it: the daemon's runs of 304s keep it open
    /// instead of starting every run from `maxBacklog` again.
    let windows = Mutex<[String: FetchAdmission]>([:])
    let listPages = ListPageMemo()
    let logger: Logger
    let clock: @Sendable () -> Date
    /// Pages per commit: one fsync and one transaction for up to this many pages ...
    let batchSize: Int
    /// ... or for what arrived within this many seconds, so a slow, polite crawl still
    /// publishes its records promptly.
    let batchAge: TimeInterval
    /// Batches committing at once before the loop waits for the oldest (memory stays bounded).
    static let maxCommitsInFlight = 3
    /// A page that answered 304 changes nothing but its row's fetch time (and validators), so it
    /// starts no commit of its own: it joins the next batch that commits anyway, or the run's
    /// last one, or commits once this many wait or the oldest is `notModifiedAge` old. Nothing
    /// in the run reads those rows again (the frontier fetches a URL once per run), and a crash
    /// before the write loses only fetch times: the pages are fetched again, conditionally, and
    /// no record is lost or repeated (a 304 has none).
    static let maxNotModifiedWaiting = 1024
    let notModifiedAge: TimeInterval = 60
    /// What one page may cost the parse stage (`[limits]`).
    let pageBudget: PageBudget

    public init(fetcher: Fetcher, output: OutputPipeline, metrics: CrawlMetrics, parseWorkers: Int = 0,
                batchSize: Int = 16, batchAge: TimeInterval = 1, pageBudget: PageBudget = .standard, logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.pageBudget = pageBudget
        self.fetcher = fetcher
        self.output = output
        self.metrics = metrics
        self.workers = ParseWorkers(limit: parseWorkers)
        self.batchSize = batchSize
        self.batchAge = batchAge
        self.logger = logger
        self.clock = clock
    }

    public var store: StateStore { output.store }

    /// Crawls one source once. `stop` ends the run early: no new page starts, pages in flight
    /// finish and are committed. `progress` is called after every page, and once more at the end
    /// with the run's final numbers (those of its summary).
    public func run(_ source: SourceConfiguration, parser: SiteParser, concurrency: Int, stop: StopFlag,
                    progress: (@Sendable (CrawlProgress) -> Void)? = nil) async -> RunReport {
        var sourceLogger = logger
        sourceLogger[metadataKey: "source"] = "\(source.name)"
        sourceLogger[metadataKey: "parser"] = "\(parser.name)"
        let log = sourceLogger
        var report = RunReport(source: source.name, startedAt: clock())
        var frontier = Frontier(
            scope: FrontierScope(parser: parser),
            maxPages: source.maxPages, maxDepth: source.maxDepth,
            revisit: RevisitPolicy(ages: source.revisit.map(\.seconds)), rules: source.scope)
        var seedURLs: Set<String> = []
        for seed in source.seeds {
            let url = parser.normalize(seed)
            let seeded = frontier.seed(url)
            if seeded == .queued, case .success(let id) = frontier.identity(of: url) { seedURLs.insert(id) }
            if case .outOfScope(let refusal) = seeded { notFollowed(url, refusal, report: &report, logger: log) }
        }
        report.seeds = seedURLs.count
        // The seeds' stored validators and links in one read (a no-op once they are in memory).
        let seeds = seedURLs, listPages = listPages
        if await storeCall("prefetch", fallback: (), consequence: "each seed is looked up on its own",
                           context: ["crawl.seeds": "\(seeds.count)"], logger: log, { store in
                               try store.prefetchListPages(seeds) { listPages.keepsLinks(parser, url: $0) }
                           }).error != nil {
            report.storeErrors += 1
        }
        log.info("run started", metadata: ["crawl.seeds": "\(seedURLs.count)"])

        var pending: [PageResult] = []
        var pendingLinks: [(url: String, links: [StoredLink])] = []
        var notModified: [PageResult] = []  // bare 304s waiting for a commit (see `notModifiedAge`)
        // Batches commit in order, each after the one before, beside the loop: the loop waits
        // only when `maxCommitsInFlight` are queued (a slow disk), never for one fsync.
        var commits: [Task<CommitDelta, Never>] = []
        // Records written so far, by type, as the commits land: what the progress line shows.
        let written = RecordTally()
        // Set by the first failed commit: fetching on while nothing can be written only loses work.
        let commitFailed = StopFlag()
        let articleKinds = Set(parser.definition.pageKinds.map(\.name).filter { Self.yieldsArticles(parser, kind: $0) })
        // The source's own spacing between requests ([source.politeness]); the fetcher
        // enforces the global per-host delay as well, so the larger of the two wins.
        let gate = SpacingGate(delay: source.politeness.delay.seconds, jitter: source.politeness.jitter.seconds)
        let policy = FetchPolicy(allowPrivateAddresses: source.allowPrivateAddresses,
                                 scope: FrontierScope.redirectRefusal(parser: parser, rules: source.scope),
                                 extras: requestExtras(source, logger: log))
        await readFeeds(source, parser: parser, articleKinds: articleKinds, gate: gate, policy: policy, stop: stop,
                        frontier: &frontier, report: &report, logger: log)
        var admission = FetchAdmission(resuming: windows.withLock { $0[source.name] },
                                       concurrency: concurrency, workers: workers.limit)
        defer { windows.withLock { [admission] in $0[source.name] = admission } }
        await withTaskGroup(of: PageOutcome.self) { group in
            var inFlight = 0
            while true {
                var starts = admission.starts(inFlight: inFlight, backlog: workers.backlog)
                while starts > 0, !stop.isStopped, !commitFailed.isStopped, let entry = frontier.next() {
                    group.addTask { await self.process(entry, source: source, parser: parser, gate: gate, policy: policy, logger: log) }
                    inFlight += 1
                    starts -= 1
                }
                guard inFlight > 0, let outcome = await group.next() else { break }
                inFlight -= 1
                account(outcome, site: parser.name, seeds: seedURLs, report: &report)
                if let page = outcome.page {
                    if outcome.notModified, outcome.linksToStore == nil { notModified.append(page) } else { pending.append(page) }
                    if let links = outcome.linksToStore { pendingLinks.append((page.url, links)) }
                }
                let now = clock()
                let batchDue = pending.first.map { pending.count >= batchSize || now.timeIntervalSince($0.fetchedAt) >= batchAge } ?? false
                let notModifiedDue = notModified.first.map {
                    notModified.count >= Self.maxNotModifiedWaiting || now.timeIntervalSince($0.fetchedAt) >= notModifiedAge
                } ?? false
                if batchDue || notModifiedDue {
                    if commits.count >= Self.maxCommitsInFlight { report.apply(await commits.removeFirst().value) }
                    let batch = notModified + pending, links = pendingLinks, previous = commits.last
                    pending.removeAll(keepingCapacity: true)
                    pendingLinks.removeAll(keepingCapacity: true)
                    notModified.removeAll(keepingCapacity: true)
                    commits.append(Task {
                        if let before = await previous?.value, before.error != nil {
                            return CommitDelta(failedPages: batch.count, error: before.error)  // the run has stopped; fetched again later
                        }
                        let delta = await self.commit(batch, links: links, site: parser.name, source: source.name, logger: log)
                        if delta.error != nil { commitFailed.stop() }
                        written.add(delta.emitted)
                        return delta
                    })
                }
                if let canonical = outcome.canonicalURL { frontier.markSeen(parser.normalize(canonical)) }
                if outcome.entry.depth < source.maxDepth {
                    await offer(outcome.links, from: outcome.entry, parser: parser, articleKinds: articleKinds,
                                frontier: &frontier, report: &report, logger: log)
                }
                progress?(CrawlProgress(source: source.name, types: source.recordTypes(onSeed: true, parser: parser).sorted(), done: report.pages, queued: frontier.pending + inFlight,
                                        emitted: written.snapshot, failed: report.failed,
                                        elapsed: clock().timeIntervalSince(report.startedAt)))
            }
        }
        report.interrupted = stop.isStopped && frontier.pending > 0
        for c in commits { report.apply(await c.value) }
        if report.commitError == nil {
            report.apply(await commit(notModified + pending, links: pendingLinks, site: parser.name, source: source.name, logger: log))
        } else {
            report.apply(CommitDelta(failedPages: notModified.count + pending.count))
        }
        report.finishedAt = clock()
        // The last update carries the run's final numbers, the same as its summary.
        progress?(CrawlProgress(source: source.name, types: source.recordTypes(onSeed: true, parser: parser).sorted(), done: report.pages, queued: 0, emitted: report.emitted,
                                failed: report.failed, elapsed: report.finishedAt.timeIntervalSince(report.startedAt)))
        metrics.add(.runs, [("source", source.name), ("outcome", report.succeeded ? "success" : "failure")])
        metrics.set(.pagesPerRun, [("source", source.name)], Double(report.pages))
        metrics.observe(.runDuration, [("source", source.name)], report.finishedAt.timeIntervalSince(report.startedAt))
        if report.succeeded { metrics.set(.lastSuccess, [("source", source.name)], report.finishedAt.timeIntervalSince1970) }
        // A failed run (no seed reached, a commit failed) is an error; failed pages a warning.
        let level: Logger.Level = !report.succeeded ? .error : report.failed > 0 ? .warning : .info
        log.log(level: level, "run finished", metadata: [
            "crawl.outcome": "\(report.outcome)",
            "crawl.pages": "\(report.pages)", "crawl.not_modified": "\(report.notModified)",
            "crawl.emitted": "\(report.emittedTotal)", "crawl.unchanged": "\(report.unchanged)",
            "crawl.rejected": "\(report.rejected)", "crawl.failed": "\(report.failed)",
            "crawl.dates_not_parsed": "\(report.unparsedDates.values.reduce(0, +))",
            "crawl.seconds": "\(String(format: "%.2f", report.finishedAt.timeIntervalSince(report.startedAt)))",
        ])
        return report
    }

    /// Offers a page's links to the frontier; known article pages come back only when their
    /// revisit is due (the store says when they were first seen and last fetched, in one read
    /// for all of the page's new article links).
    private func offer(_ links: [DiscoveredLink], from entry: Frontier.Entry, parser: SiteParser, articleKinds: Set<String>,
                       frontier: inout Frontier, report: inout RunReport, logger: Logger) async {
        let fresh = links.filter { !frontier.hasSeen($0.url) }
        guard !fresh.isEmpty else { return }
        let articles = fresh.filter { articleKinds.contains($0.pageKind) }.map(\.url)
        var times: [String: (firstSeen: Date, fetchedAt: Date)] = [:]
        if !articles.isEmpty {
            let (found, error) = await storeCall(
                "fetch_times", fallback: [:], consequence: "the page's article links are fetched regardless of their revisit",
                context: ["crawl.url": "\(entry.url)", "crawl.links": "\(articles.count)"], logger: logger
            ) { store in try store.fetchTimes(articles).mapValues { FetchTimes(firstSeen: $0.firstSeen, fetchedAt: $0.fetchedAt) } }
            times = found.mapValues { ($0.firstSeen, $0.fetchedAt) }
            if error != nil { report.storeErrors += 1 }
        }
        for link in fresh {
            let known = times[link.url].map { Frontier.Known(firstSeen: $0.firstSeen, lastFetched: $0.fetchedAt) }
            switch frontier.offer(link.url, base: nil, depth: entry.depth + 1, pageKind: link.pageKind, known: known, now: clock()) {
            case .overBudget: report.overBudget += 1
            case .outOfScope(let refusal): notFollowed(link.url, refusal, report: &report, logger: logger)
            default: break
            }
        }
    }

    /// A URL's first-seen and last fetch times, as a Sendable value (a labelled tuple is not).
    struct FetchTimes: Sendable {
        var firstSeen: Date
        var fetchedAt: Date
    }

    /// Pages that are a record of their own (a block without `each`: an article page) are
    /// revisited on the revisit schedule; list pages (home, sections: only `each` blocks) are
    /// fetched whenever they are linked, since conditional GET makes an unchanged one cheap.
    static func yieldsArticles(_ parser: SiteParser, kind: String) -> Bool {
        guard let pageKind = parser.definition.pageKinds.first(where: { $0.name == kind }) else { return false }
        return pageKind.records.contains { parser.definition.recordBlocks[$0].map { $0.each == nil } ?? false }
    }
}
