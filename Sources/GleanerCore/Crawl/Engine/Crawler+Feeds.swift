import Foundation
import GleanerFetch
import GleanerModel
import GleanerOutput
import GleanerParse
import GleanerStore
import Logging

/// A source's feeds and sitemaps, read at the start of each run: each document is fetched
/// politely and conditionally (its validators and entries are kept like a list page's), sitemap
/// indexes are followed within `sitemap_max_depth` and `sitemap_max_files`, and the entries
/// go to the frontier one hop from the seeds, through the parser's page kinds and the source's
/// scope. An entry whose date is not after its last fetch is not fetched again.
extension Crawler {
    /// A stored link of a feed document that is itself a sitemap (an index's child); entries
    /// are stored with `entryMark`. Page kind names are identifiers, so neither can clash.
    static let sitemapMark = "(sitemap)"
    static let entryMark = "(entry)"

    /// A feed or sitemap document waiting to be read, `level` indexes below the one listed.
    private struct StartDocument {
        var url: String
        var level: Int
    }

    func readFeeds(_ source: SourceConfiguration, parser: SiteParser, articleKinds: Set<String>, gate: SpacingGate,
                   policy: FetchPolicy, stop: StopFlag, frontier: inout Frontier, report: inout RunReport,
                   logger: Logger) async {
        let settings = source.feeds
        guard settings.isActive else { return }
        var queue = (settings.feeds + settings.sitemaps).map { StartDocument(url: $0, level: 0) }
        report.seeds += queue.count
        if settings.fromRobots {
            var origins: [String] = []
            for url in source.seeds + settings.feeds + settings.sitemaps {
                if let o = RobotsCache.origin(of: url), !origins.contains(o) { origins.append(o) }
            }
            for origin in origins {
                let announced = await fetcher.robotsCache.robots(origin: origin, extras: policy.extras).sitemaps
                logger.info("sitemaps from robots.txt", metadata: ["crawl.origin": "\(origin)", "crawl.sitemaps": "\(announced.count)"])
                queue += announced.map { StartDocument(url: $0, level: 0) }
            }
        }
        // A feed's own redirects may lead anywhere http(s): only its entries must be in scope.
        let documentPolicy = FetchPolicy(allowPrivateAddresses: policy.allowPrivateAddresses, extras: policy.extras)
        var visited: Set<String> = []
        var entries: [FeedDocument.Entry] = []
        var pages: [PageResult] = []
        var links: [(url: String, links: [StoredLink])] = []
        var head = 0
        while head < queue.count, !stop.isStopped {
            let document = queue[head]
            head += 1
            // A sitemap index that lists itself, or two that list each other, is read once.
            guard visited.insert(document.url).inserted else { continue }
            guard visited.count <= settings.maxFiles else {
                report.feeds.sitemapsSkipped += 1
                logger.warning("sitemap not read: the run read sitemap_max_files documents", metadata: [
                    "crawl.url": "\(document.url)", "crawl.max_files": "\(settings.maxFiles)"])
                continue
            }
            guard let read = await readFeed(document.url, source: source, gate: gate, policy: documentPolicy,
                                            maxBytes: settings.maxBytes.bytes, listed: document.level == 0,
                                            report: &report, logger: logger) else { continue }
            pages.append(read.page)
            if let stored = read.stored { links.append((document.url, stored)) }
            for child in read.sitemaps {
                if document.level + 1 > settings.maxDepth {
                    report.feeds.sitemapsSkipped += 1
                    logger.warning("sitemap not read: deeper than sitemap_max_depth", metadata: [
                        "crawl.url": "\(child)", "crawl.index": "\(document.url)", "crawl.max_depth": "\(settings.maxDepth)"])
                } else {
                    queue.append(StartDocument(url: child, level: document.level + 1))
                }
            }
            entries += read.entries
        }
        await offerEntries(entries, parser: parser, articleKinds: articleKinds, frontier: &frontier, report: &report, logger: logger)
        report.apply(await commit(pages, links: links, site: parser.name, source: source.name, logger: logger))
        let counts = report.feeds
        for (outcome, n) in [("found", counts.found), ("followed", counts.followed), ("unchanged", counts.unchanged),
                             ("out_of_scope", counts.outOfScope), ("over_budget", counts.overBudget)] where n > 0 {
            metrics.add(.feedEntries, [("source", source.name), ("outcome", outcome)], Double(n))
        }
        logger.info("feeds read", metadata: [
            "crawl.documents": "\(counts.documents)", "crawl.entries": "\(counts.found)", "crawl.followed": "\(counts.followed)",
            "crawl.unchanged": "\(counts.unchanged)", "crawl.out_of_scope": "\(counts.outOfScope)",
        ])
    }

    /// What one document gave: the page to commit (validators), the links to store for a later
    /// 304, the entries and (for an index) the sitemaps it lists. Nil when it failed (counted).
    private struct FeedRead {
        var page: PageResult
        var stored: [StoredLink]?
        var entries: [FeedDocument.Entry] = []
        var sitemaps: [String] = []
    }

    /// `listed`: a document the source names (or robots.txt announces), which counts like a seed
    /// for the run's success; the sitemaps of an index do not.
    private func readFeed(_ url: String, source: SourceConfiguration, gate: SpacingGate, policy: FetchPolicy, maxBytes: Int,
                          listed: Bool, report: inout RunReport, logger: Logger) async -> FeedRead? {
        // A 304 must still lead to the entries: without them stored, the whole document is asked for.
        let fetched = await conditionalFetch(url, keepsLinks: true, what: "feed", gate: gate, policy: policy, logger: logger)
        if fetched.lookupFailed { report.storeErrors += 1 }
        let (known, fetchedAt) = (fetched.known, fetched.fetchedAt)
        let response: HTTPResponse
        switch fetched.result {
        case .failure(let error):
            let kind = error.kind == .robotsDisallowed ? "robots_disallowed" : error.kind.description
            if error.kind == .robotsDisallowed { report.robotsDenied += 1 } else { report.failures[kind, default: 0] += 1 }
            let reason = "\(error.summary)" + (error.detail.isEmpty ? "" : ": \(error.detail)") + " (\(url))"
            if listed, report.seedFailure == nil { report.seedFailure = reason }
            metrics.add(.fetches, [("kind", kind)])
            metrics.add(.pageErrors, [("source", source.name), ("stage", "fetch")])
            logger.warning("feed or sitemap failed", metadata: ["crawl.url": "\(url)", "crawl.error": "\(error)"])
            return nil
        case .success(let r):
            response = r
        }
        report.feeds.documents += 1
        if response.notModified {
            if listed { report.seedsReached += 1 }
            report.notModified += 1
            metrics.add(.fetches, [("kind", "not_modified")])
            let stored = known.links ?? []
            return FeedRead(
                page: PageResult(url: url, source: source.name, fetchedAt: fetchedAt, status: 304,
                                 etag: response.validators.etag, lastModified: response.validators.lastModified),
                entries: stored.filter { $0.pageKind == Self.entryMark }.map { FeedDocument.Entry(url: $0.url) },
                sitemaps: stored.filter { $0.pageKind == Self.sitemapMark }.map(\.url))
        }
        report.fetched += 1
        report.bytes += response.body.count
        metrics.add(.fetches, [("kind", "ok")])
        metrics.add(.bytes, [], Double(response.body.count))
        let body = response.body, budget = Self.feedBudget(pageBudget)
        let parsed: Result<FeedDocument, Error> = await workers.run { Result { try FeedDocument.parse(body, url: url, maxBytes: maxBytes, budget: budget) } }
        let document: FeedDocument
        switch parsed {
        case .failure(let error):
            let label = (error as? ParseError).map { "parse_\($0.label)" } ?? "parse"
            report.failures[label, default: 0] += 1
            let detail = (error as? ParseError)?.detail ?? "\(error)"
            if listed, report.seedFailure == nil { report.seedFailure = "could not be read as a feed or sitemap: \(detail) (\(url))" }
            metrics.add(.pageErrors, [("source", source.name), ("stage", "parse")])
            logger.warning("feed or sitemap could not be read", metadata: ["crawl.url": "\(url)", "crawl.error": "\(error)"])
            return nil
        case .success(let d):
            document = d
        }
        if listed { report.seedsReached += 1 }
        let isIndex = document.format == .sitemapIndex
        let stored = document.entries.map { StoredLink(url: $0.url, pageKind: isIndex ? Self.sitemapMark : Self.entryMark) }
        logger.debug("feed read", metadata: [
            "crawl.url": "\(url)", "crawl.format": "\(document.format.rawValue)", "crawl.entries": "\(document.entries.count)"])
        return FeedRead(
            page: PageResult(url: url, source: source.name, fetchedAt: fetchedAt, status: response.status,
                             etag: response.validators.etag, lastModified: response.validators.lastModified,
                             contentHash: Self.fingerprint(response.body)),
            stored: stored,
            entries: isIndex ? [] : document.entries,
            sitemaps: isIndex ? document.entries.map(\.url) : [])
    }

    /// A feed document's budget: `[limits]`, with room for a full sitemap (50,000 URLs with
    /// their dates and extensions: some 250,000 elements and the XPath steps to read them).
    static func feedBudget(_ limits: PageBudget) -> PageBudget {
        var budget = limits
        budget.nodes = max(budget.nodes, 500_000)
        budget.xpathSteps = max(budget.xpathSteps, 50_000_000)
        return budget
    }

    /// Offers the entries to the frontier, one hop from the seeds. A dated entry fetched at or
    /// after its date is skipped as unchanged; a newer date fetches it whatever its revisit
    /// says; an undated article entry waits for its revisit, like a link on a list page.
    private func offerEntries(_ entries: [FeedDocument.Entry], parser: SiteParser, articleKinds: Set<String>,
                       frontier: inout Frontier, report: inout RunReport, logger: Logger) async {
        var candidates: [(url: String, kind: String, date: Date?)] = []
        var seen: Set<String> = []
        for entry in entries {
            let url = parser.normalize(entry.url)
            guard seen.insert(url).inserted else { continue }
            report.feeds.found += 1
            guard let kind = parser.pageKind(for: url) else {
                report.feeds.outOfScope += 1
                logger.debug("feed entry matches no page kind", metadata: ["crawl.url": "\(url)", "crawl.parser": "\(parser.name)"])
                continue
            }
            candidates.append((url, kind, entry.date))
        }
        guard !candidates.isEmpty else { return }
        let urls = candidates.map(\.url)
        let (times, error) = await storeCall(
            "fetch_times", fallback: [:], consequence: "the feed entries are fetched regardless of their dates",
            context: ["crawl.entries": "\(urls.count)"], logger: logger
        ) { store in try store.fetchTimes(urls).mapValues { FetchTimes(firstSeen: $0.firstSeen, fetchedAt: $0.fetchedAt) } }
        if error != nil { report.storeErrors += 1 }
        for candidate in candidates {
            let last = times[candidate.url]
            if let date = candidate.date, let last, date <= last.fetchedAt {
                report.feeds.unchanged += 1
                frontier.markSeen(candidate.url)
                continue
            }
            let known = candidate.date == nil && articleKinds.contains(candidate.kind)
                ? last.map { Frontier.Known(firstSeen: $0.firstSeen, lastFetched: $0.fetchedAt) } : nil
            switch frontier.offer(candidate.url, base: nil, depth: 1, pageKind: candidate.kind, known: known, now: clock()) {
            case .queued: report.feeds.followed += 1
            case .notDue: report.feeds.unchanged += 1
            case .duplicate: break  // a seed, or listed by another document too
            case .outOfScope(let refusal):
                report.feeds.outOfScope += 1
                notFollowed(candidate.url, refusal, report: &report, logger: logger)
            case .skipped, .tooDeep: report.feeds.outOfScope += 1
            case .overBudget:
                report.feeds.overBudget += 1
                report.overBudget += 1
            }
        }
    }
}
