import Foundation
import GleanerFetch
import GleanerModel
import GleanerOutput
import GleanerParse
import GleanerStore
import Logging

/// What one batch commit changed in the run's report.
struct CommitDelta: Sendable {
    var emitted: [RecordType: Int] = [:]
    var unchanged = 0
    var rejected = 0
    var failedPages = 0
    /// Why the batch could not be committed (the store's or the output's error, path and errno text).
    var error: String?
}

extension RunReport {
    mutating func apply(_ d: CommitDelta) {
        for (type, n) in d.emitted { emitted[type, default: 0] += n }
        unchanged += d.unchanged
        rejected += d.rejected
        if d.failedPages > 0 { failures["commit", default: 0] += d.failedPages }
        if commitError == nil, let e = d.error { commitError = e }
    }
}

/// What became of one page.
struct PageOutcome: Sendable {
    var entry: Frontier.Entry
    /// What to commit: nil when the page failed, except for a page that is gone (404, 410),
    /// whose fetch is remembered so that it comes back only when its revisit is due.
    var page: PageResult?
    var links: [DiscoveredLink] = []
    var canonicalURL: String?
    /// The failure kind for logs and metrics (`timeout`, `http_404`, `parse_no-page-kind`).
    var failure: String?
    /// The failure for a person: "host unreachable: Couldn't connect to server (http://…/)".
    var failureReason: String?
    var robotsDenied = false
    var notModified = false
    var bytes = 0
    /// A list page's links, to store with the page so a later 304 still leads to them.
    var linksToStore: [StoredLink]?
    /// State-store reads that failed for this page (logged, worked around).
    var storeErrors = 0
    /// Hrefs the URL Standard rejects, by failure kind.
    var invalidLinks: [String: Int] = [:]
    /// Date values the parser could not read, by field.
    var unparsedDates: [String: Int] = [:]
}

extension Crawler {
    func process(_ entry: Frontier.Entry, source: SourceConfiguration, parser: SiteParser, gate: SpacingGate,
                 policy: FetchPolicy, logger: Logger) async -> PageOutcome {
        var outcome = PageOutcome(entry: entry)
        let url = entry.url
        let keepsLinks = listPages.keepsLinks(parser, url: url)
        let fetched = await conditionalFetch(url, keepsLinks: keepsLinks, what: "page", gate: gate, policy: policy, logger: logger)
        if fetched.lookupFailed { outcome.storeErrors += 1 }
        let (known, fetchedAt) = (fetched.known, fetched.fetchedAt)
        let storedLinks = known.links
        let response: HTTPResponse
        switch fetched.result {
        case .failure(let error):
            if error.kind == .robotsDisallowed {
                outcome.robotsDenied = true
                outcome.failureReason = "disallowed by robots.txt: \(error.detail) (\(url))"
                logger.info("disallowed by robots.txt", metadata: ["crawl.url": "\(url)", "crawl.rule": "\(error.detail)"])
            } else {
                outcome.failure = error.kind.description
                outcome.failureReason = "\(error.summary)" + (error.detail.isEmpty ? "" : ": \(error.detail)") + " (\(url))"
                logger.warning("page failed", metadata: [
                    "crawl.url": "\(url)", "crawl.error_kind": "\(error.kind)", "crawl.error": "\(error)",
                ])
                if error.isGone, case .http(let status) = error.kind {
                    // A page that is gone is remembered like a fetched one: the list pages that
                    // still link to it lead to it again when its revisit is due, not every run.
                    // Other failures (timeouts, 5xx) may pass: they are simply fetched again.
                    outcome.page = PageResult(url: url, source: source.name, fetchedAt: fetchedAt, status: status)
                }
            }
            return outcome
        case .success(let r):
            response = r
        }
        let headerValidators = response.validators
        if response.notModified {
            outcome.notModified = true
            outcome.links = (storedLinks ?? []).map { DiscoveredLink(url: $0.url, pageKind: $0.pageKind) }
            outcome.page = PageResult(url: url, source: source.name, fetchedAt: fetchedAt, status: 304,
                                      etag: headerValidators.etag, lastModified: headerValidators.lastModified)
            return outcome
        }
        outcome.bytes = response.body.count
        let page = Page(url: response.finalURL.isEmpty ? url : response.finalURL, body: response.body,
                        contentType: response.headers["Content-Type"], fetchedAt: fetchedAt)
        // Only the record blocks this page may emit are run (weather only on seeds by default).
        let types = source.recordTypes(onSeed: entry.depth == 0, parser: parser)
        let budget = pageBudget
        let parsed: Result<ParseResult, Error> = await workers.run { Result { try parser.parse(page, recordTypes: types, budget: budget) } }
        switch parsed {
        case .failure(let error):
            let parseError = error as? ParseError
            outcome.failure = parseError.map { "parse_\($0.label)" } ?? "parse"
            outcome.failureReason = "could not be parsed: \(error) (\(url))"
            if let limit = parseError?.budget {
                // A page over its budget: its own kind, named in the log and the metrics.
                metrics.add(.parseBudget, [("site", parser.name), ("budget", limit.rawValue)])
                logger.warning("page over its parse budget", metadata: [
                    "crawl.url": "\(url)", "parse.budget": "\(limit.rawValue)", "crawl.error": "\(error)",
                ])
            } else {
                logger.warning("page could not be parsed", metadata: ["crawl.url": "\(url)", "crawl.error": "\(error)"])
            }
        case .success(let result):
            // parse(recordTypes:) ran only the wanted blocks, so everything it returns is wanted.
            let records = result.records, rejects = result.rejects
            for reject in rejects {
                logger.warning("record rejected", metadata: [
                    "crawl.url": "\(reject.url)", "parse.field": "\(reject.field)", "parse.type": "\(reject.type)",
                    "parse.page_kind": "\(reject.pageKind)", "parse.reason": "\(reject.reason)",
                ])
            }
            outcome.links = result.links
            outcome.invalidLinks = result.invalidLinks
            outcome.unparsedDates = result.unparsedDates.counts
            for d in result.unparsedDates.examples {
                logger.warning("date value not parsed", metadata: [
                    "crawl.url": "\(url)", "parse.field": "\(d.field)", "parse.date_pattern": "\(d.pattern)", "parse.value": "\(d.value)",
                ])
            }
            outcome.canonicalURL = result.canonicalURL
            if keepsLinks { outcome.linksToStore = result.links.map { StoredLink(url: $0.url, pageKind: $0.pageKind) } }
            outcome.page = PageResult(url: url, source: source.name, fetchedAt: fetchedAt, status: response.status,
                                      etag: headerValidators.etag, lastModified: headerValidators.lastModified,
                                      contentHash: Self.fingerprint(response.body), records: records, rejects: rejects)
        }
        return outcome
    }

    /// Counts one page into the run's report and the metrics.
    func account(_ o: PageOutcome, site: String, seeds: Set<String>, report: inout RunReport) {
        report.bytes += o.bytes
        report.storeErrors += o.storeErrors
        report.invalidLinks.merge(o.invalidLinks, uniquingKeysWith: +)
        report.unparsedDates.merge(o.unparsedDates, uniquingKeysWith: +)
        for (field, n) in o.unparsedDates { metrics.add(.datesNotParsed, [("site", site), ("field", field)], Double(n)) }
        let invalid = o.invalidLinks.values.reduce(0, +)
        if invalid > 0 { metrics.add(.linksNotFollowed, [("source", report.source), ("reason", "invalid_url")], Double(invalid)) }
        metrics.add(.bytes, [], Double(o.bytes))
        if o.robotsDenied {
            report.robotsDenied += 1
            if seeds.contains(o.entry.url), report.seedFailure == nil { report.seedFailure = o.failureReason }
            metrics.add(.robotsDenied, [("host", Fetcher.hostKey(of: o.entry.url) ?? "")])
            metrics.add(.fetches, [("kind", "robots_disallowed")])
            return
        }
        if let failure = o.failure {
            report.failures[failure, default: 0] += 1
            if seeds.contains(o.entry.url), report.seedFailure == nil { report.seedFailure = o.failureReason }
            metrics.add(.fetches, [("kind", failure.hasPrefix("parse") ? "ok" : failure)])
            metrics.add(.pageErrors, [("source", report.source), ("stage", failure.hasPrefix("parse") ? "parse" : "fetch")])
            return
        }
        if seeds.contains(o.entry.url) { report.seedsReached += 1 }
        if o.notModified {
            report.notModified += 1
            metrics.add(.fetches, [("kind", "not_modified")])
        } else {
            report.fetched += 1
            metrics.add(.fetches, [("kind", "ok")])
        }
        for reject in o.page?.rejects ?? [] {
            metrics.add(.requiredFieldMissing, [("site", site), ("field", reject.field)])
        }
    }

    /// List pages (kinds with link rules that yield no articles) keep their links in the store:
    /// they are refetched on every run, and a 304 must still lead to the pages they list.
    /// Article pages do not: their revisits are about the article, not discovery.
    static func keepsLinks(_ parser: SiteParser, url: String) -> Bool {
        guard let name = parser.pageKind(for: url),
              let kind = parser.definition.pageKinds.first(where: { $0.name == name }) else { return false }
        return !kind.links.isEmpty && !yieldsArticles(parser, kind: name)
    }

    /// Commits a batch, then the links of its list pages, and says what it changed; on failure
    /// the pages are counted as failed and will be fetched again. Runs beside the crawl loop.
    func commit(_ batch: [PageResult], links: [(url: String, links: [StoredLink])], site: String, source: String,
                logger: Logger) async -> CommitDelta {
        var delta = CommitDelta()
        guard !batch.isEmpty else { return delta }
        var submitted: [RecordType: Int] = [:]
        for page in batch { for r in page.records { submitted[r.type, default: 0] += 1 } }
        var rejectsByType: [RecordType: Int] = [:]
        for page in batch { for r in page.rejects { rejectsByType[r.type, default: 0] += 1 } }
        do {
            let summary = try await output.commit(batch)
            // After the pages: a crash in between leaves a list page without links, which the
            // next run fetches in full (see `process`).
            try await store.saveLinks(links)
            delta.emitted = summary.emitted
            delta.unchanged = summary.unchanged
            delta.rejected = summary.rejected
            for type in Set(submitted.keys).union(rejectsByType.keys).sorted() {
                let emitted = summary.emitted[type, default: 0]
                let unchanged = max(submitted[type, default: 0] - emitted, 0)
                if emitted > 0 { metrics.add(.records, [("site", site), ("type", type.rawValue), ("outcome", "emitted")], Double(emitted)) }
                if unchanged > 0 { metrics.add(.records, [("site", site), ("type", type.rawValue), ("outcome", "unchanged")], Double(unchanged)) }
                if let r = rejectsByType[type] { metrics.add(.records, [("site", site), ("type", type.rawValue), ("outcome", "rejected")], Double(r)) }
            }
        } catch {
            delta.failedPages = batch.count
            delta.error = "\(error)"
            metrics.add(.pageErrors, [("source", source), ("stage", "store")], Double(batch.count))
            logger.error("commit failed; the pages will be fetched again", metadata: [
                "crawl.pages": "\(batch.count)", "crawl.error": "\(error)",
            ])
        }
        return delta
    }

    /// A 64-bit fingerprint of the body: cheap change detection for the URL state (not a
    /// security hash). FNV-1a over 8-byte words, so an 80 KB page costs ~10k steps, not 80k.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                hash ^= hash >> 29
                i += 8
            }
            while i < raw.count {
                hash = (hash ^ UInt64(raw[i])) &* 0x0000_0100_0000_01B3
                i += 1
            }
        }
        return String(hash, radix: 16)
    }
}

extension Crawler {
    /// A page or feed document fetched with the validators stored for it, after robots.txt and
    /// the host's spacing. With `keepsLinks`, a document whose links were not stored is fetched in
    /// full: a 304 without them would hide everything it leads to.
    func conditionalFetch(_ url: String, keepsLinks: Bool, what: String, gate: SpacingGate, policy: FetchPolicy,
                          logger: Logger) async -> (known: PageLookup, lookupFailed: Bool, fetchedAt: Date,
                                                    result: Result<HTTPResponse, FetchError>) {
        let (known, lookupError) = await storeCall(
            "lookup", fallback: PageLookup(), consequence: "the \(what) is fetched in full, without validators",
            context: ["crawl.url": "\(url)"], logger: logger) { store in try store.lookup(url, withLinks: keepsLinks) }
        let validators = keepsLinks && known.links == nil ? nil : known.validators
        if gate.isActive {
            // robots.txt first (cached after the host's first page), so the spacing measures
            // the page requests themselves.
            _ = await fetcher.robotsVerdict(for: url, extras: policy.extras)
            await gate.pass()
        }
        let fetchedAt = clock()
        return (known, lookupError != nil, fetchedAt, await fetcher.fetch(url, validators: validators, policy: policy))
    }
}
