import GleanerFetch
import Logging

extension Crawler {
    /// Counts a URL the source's `allow`/`deny` keep out, in the run's report and the metrics.
    func notFollowed(_ url: String, _ refusal: ScopeRules.Refusal, report: inout RunReport, logger: Logger) {
        report.outOfScope[refusal.reason, default: 0] += 1
        metrics.add(.linksNotFollowed, [("source", report.source), ("reason", refusal.reason)])
        logger.debug("outside the source's scope", metadata: ["crawl.url": "\(url)", "crawl.reason": "\(refusal)"])
    }

    /// The source's headers, cookies and cookie jar for each of its requests. A jar that cannot
    /// be opened is logged and the run goes on without it (its fixed cookies still go out).
    func requestExtras(_ source: SourceConfiguration, logger: Logger) -> HTTPRequest.Extras {
        var jar: CookieJar?
        if let file = source.cookieFile {
            do { jar = try CookieJar(path: file) } catch {
                logger.error("cookie file not usable; this run sends no cookies from it", metadata: ["crawl.error": "\(error)"])
            }
        }
        return HTTPRequest.Extras(headers: source.requestHeaders, cookie: source.cookieHeader, cookieJar: jar)
    }
}
