import Foundation
import GleanerModel
import GleanerParse

/// What one run of one source did: shown by `gleaner once`, logged by the daemon, and used by
/// the scheduler (a run that reached none of its seeds is a failure and backs off).
public struct RunReport: Sendable, Equatable {
    public var source: String
    public var startedAt: Date
    public var finishedAt: Date
    /// Pages fetched with a body (2xx).
    public var fetched = 0
    /// Pages answered 304 Not Modified to a conditional request.
    public var notModified = 0
    /// Pages that failed (network, HTTP error, parse, commit), by kind (`timeout`, `http_404`, `parse`…).
    public var failures: [String: Int] = [:]
    /// URLs robots.txt kept us from.
    public var robotsDenied = 0
    /// Why the first seed that failed failed, for a person: "host unreachable: Couldn't
    /// connect to server (http://…/)". What `gleaner status` shows for a failed run.
    public var seedFailure: String?
    /// Seeds answered with 2xx or 304.
    public var seedsReached = 0
    public var seeds = 0
    public var emitted: [RecordType: Int] = [:]
    public var unchanged = 0
    public var rejected = 0
    public var bytes = 0
    /// Links not followed because the run's page budget was spent.
    public var overBudget = 0
    /// URLs not followed because of the source's `allow`/`deny`, by reason (`scope_deny`,
    /// `scope_allow`); each URL counted once per run.
    public var outOfScope: [String: Int] = [:]
    /// Hrefs of link rules that the URL Standard rejects (invalid host, bad port), by kind.
    public var invalidLinks: [String: Int] = [:]
    /// Values the parser's date transforms could not read, by field (`article.published_at`).
    public var unparsedDates: [String: Int] = [:]
    /// State-store reads that failed and were worked around (a lookup, the revisit times): each
    /// was logged with its operation and URL; the pages were fetched anyway.
    public var storeErrors = 0
    /// True when the run was stopped (shutdown) before its frontier was empty.
    public var interrupted = false
    /// The first commit failure (a full disk, a damaged database: the error names the file):
    /// the run took no new page after it, and counts as failed.
    public var commitError: String?
    /// What the source's feeds and sitemaps listed and what became of it.
    public var feeds = FeedReport()

    public init(source: String, startedAt: Date) {
        self.source = source
        self.startedAt = startedAt
        self.finishedAt = startedAt
    }

    public var failed: Int { failures.values.reduce(0, +) }
    public var pages: Int { fetched + notModified }
    public var emittedTotal: Int { emitted.values.reduce(0, +) }

    /// A run fails when none of its seeds could be fetched: the site is down or refuses us.
    public var succeeded: Bool { (seeds == 0 || seedsReached > 0) && commitError == nil }

    /// The outcome as the state store keeps it and `gleaner status` shows it: `ok`,
    /// `partial: N pages failed`, or `failed: REASON` (`gleaner status --json` splits it into `last_outcome` and `last_outcome_reason`).
    public var outcome: String {
        if succeeded { return failed == 0 ? "ok" : "partial: \(failed) of \(pages + failed) pages failed" }
        if let commitError { return "failed: commit: \(commitError)" }
        if let seedFailure { return "failed: \(seedFailure)" }
        return "failed: no seed reached (\(failures.keys.sorted().joined(separator: ", ")))"
    }

    /// One line for logs and `systemctl status`.
    public var summary: String {
        let records = emitted.keys.sorted().compactMap { t in emitted[t].map { "\($0) \(t)" } }.joined(separator: ", ")
        let seconds = String(format: "%.1f", finishedAt.timeIntervalSince(startedAt))
        var s = "\(source): \(pages) pages (\(notModified) not modified), \(emittedTotal) new records"
        if !records.isEmpty { s += " (\(records))" }
        s += ", \(unchanged) unchanged, \(rejected) rejected, \(failed) failed in \(seconds) s"
        if interrupted { s += " (interrupted)" }
        if !outOfScope.isEmpty { s += "; \(outOfScope.values.reduce(0, +)) links outside the source's scope" }
        if storeErrors > 0 { s += "; \(storeErrors) state reads failed (logged)" }
        if !invalidLinks.isEmpty {
            s += "; \(invalidLinks.values.reduce(0, +)) hrefs not valid URLs ("
                + invalidLinks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        if !unparsedDates.isEmpty { s += "; " + UnparsedDates.summary(unparsedDates) }
        if feeds.documents > 0 { s += "; \(feeds.summary)" }
        if let commitError { s += "; stopped, commit failed: \(commitError)" }
        return s
    }
}
