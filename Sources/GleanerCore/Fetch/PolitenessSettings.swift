import Foundation

/// How gently each host is treated. Documented defaults; the daemon fills this from config.
public struct PolitenessSettings: Sendable, Equatable {
    /// Seconds between the starts of two requests to one host. The default is 1.
    public var minDelay: TimeInterval = 1
    /// Seconds of random extra delay, up to this much, so many crawlers do not march in step;
    /// jitter only lengthens, never shortens. The default is 0.25 (the file's `jitter = "250ms"`).
    public var jitter: TimeInterval = 0.25
    /// Requests in flight to one host at once. The default is 2.
    public var maxConcurrentPerHost: Int = 2
    /// Consecutive failures (connect errors, timeouts, 5xx) after which the whole host backs off.
    /// The default is 3.
    public var failureThreshold: Int = 3
    /// First backoff of a host, doubled on each further failure. The default is 5 s.
    public var backoffBase: TimeInterval = 5
    /// Longest backoff of a host. The default is 600 s.
    public var backoffMax: TimeInterval = 600
    /// Longest `Retry-After` honoured; a server asking for more gets this. The default is 600 s.
    public var retryAfterCap: TimeInterval = 600
    /// Highest robots.txt `Crawl-delay` honoured (it raises `minDelay` up to this). The default is 30 s.
    public var crawlDelayCap: TimeInterval = 30

    public init() {}
}
