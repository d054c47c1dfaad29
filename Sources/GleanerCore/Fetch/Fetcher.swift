import GleanerModel
import Foundation
import Logging
import Synchronization

/// The polite client the crawl stage calls: robots.txt first, then the host's politeness slot,
/// then the transfer, retried on transient failures. A disallowed URL is never requested.
public final class Fetcher: Sendable {
    public struct Settings: Sendable, Equatable {
        public var http = HTTPClientSettings()
        public var politeness = PolitenessSettings()
        public var retry = RetryPolicy()
        public var robots = RobotsCache.Settings()
        /// Obey robots.txt. The default is true; only `gleaner fetch --ignore-robots` turns it off.
        public var respectRobots = true
        public init() {}
    }

    public let settings: Settings
    public let client: HTTPClient
    public let politeness: Politeness
    public let robotsCache: RobotsCache
    private let productToken: String
    /// The Crawl-delay last handed to `politeness` per host.
    private let crawlDelays = Mutex<[String: Double?]>([:])
    private let logger: Logger
    private let random: @Sendable () -> Double

    public init(
        settings: Settings = Settings(), logger: Logger = Logger(label: "gleaner.fetch"),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        self.logger = logger
        self.random = random
        let client = HTTPClient(settings: settings.http, logger: logger)
        let politeness = Politeness(settings: settings.politeness, random: random)
        self.client = client
        self.politeness = politeness
        productToken = GleanerFetch.productToken(of: settings.http.userAgent)
        // robots.txt requests count against the host's politeness like any other.
        robotsCache = RobotsCache(settings: settings.robots) { request in
            let host = Self.hostKey(of: request.url) ?? ""
            do { try await politeness.acquire(host: host) } catch {
                return .failure(FetchError(kind: .cancelled, url: request.url, detail: "cancelled while waiting for the host"))
            }
            let result = await client.fetch(request)
            await politeness.release(host: host, outcome: .neutral)
            return result
        }
    }

    /// Fetches `url` politely. Statuses of 400 and above come back as `.http(status)` errors after
    /// any retries; a 304 to a conditional request is a success with `notModified`.
    public func fetch(_ url: String, validators: Validators? = nil, headers: [(String, String)] = []) async -> Result<HTTPResponse, FetchError> {
        // One parse of the URL serves the host key and the robots.txt check.
        guard let components = URLComponents(string: url), let host = Self.hostKey(of: components) else {
            return .failure(FetchError(kind: .invalidURL, url: url, detail: "not an absolute http(s) URL"))
        }
        if settings.respectRobots, let blocked = await robotsCheck(url, components: components) { return .failure(blocked) }

        let request = HTTPRequest(url: url, headers: headers, validators: validators)
        var attempt = 1
        while true {
            do { try await politeness.acquire(host: host) } catch {
                return .failure(FetchError(kind: .cancelled, url: url, detail: "cancelled while waiting for the host"))
            }
            let result = await client.fetch(request)
            let retryAfter = (try? result.get())?.retryAfter(now: Date())
            await politeness.release(host: host, outcome: Self.outcome(of: result, retryAfter: retryAfter))

            let failure: FetchError
            switch result {
            case .success(let response) where response.status < 400:
                return .success(response)
            case .success(let response):
                failure = FetchError(kind: .http(response.status), url: url, detail: "the server answered \(response.status)")
            case .failure(let error):
                failure = error
            }
            switch settings.retry.decide(attempt: attempt, kind: failure.kind, retryAfter: retryAfter, random: random()) {
            case .giveUp:
                return .failure(failure)
            case .retry(let seconds):
                logger.info("retrying", metadata: [
                    "fetch.url": "\(url)", "fetch.error": "\(failure.kind)", "fetch.attempt": "\(attempt)",
                    "fetch.retry_in_s": "\(seconds)",
                ])
                do { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) } catch {
                    return .failure(FetchError(kind: .cancelled, url: url, detail: "cancelled while waiting to retry"))
                }
                attempt += 1
            }
        }
    }

    /// The robots.txt verdict for `url` (also what `gleaner robots` prints).
    public func robotsVerdict(for url: String) async -> Robots.Verdict? {
        guard let components = URLComponents(string: url) else { return nil }
        return await robotsVerdict(components)
    }

    private func robotsVerdict(_ components: URLComponents) async -> Robots.Verdict? {
        guard let origin = RobotsCache.origin(of: components) else { return nil }
        let robots = await robotsCache.robots(origin: origin)
        let groups = robots.groups(for: productToken)
        if let host = Self.hostKey(of: components) {
            // Told to politeness only when it changes: a hop to its actor on every request for
            // the same number showed in profiles.
            // Noted after the hop, so every request that saw another value waits for it to land.
            let delay = Robots.crawlDelay(of: groups)
            if crawlDelays.withLock({ $0[host] }) != .some(delay) {
                await politeness.setCrawlDelay(host: host, seconds: delay)
                crawlDelays.withLock { $0[host] = delay }
            }
        }
        return robots.verdict(for: RobotsCache.pathAndQuery(of: components), groups: groups)
    }

    private func robotsCheck(_ url: String, components: URLComponents) async -> FetchError? {
        guard let verdict = await robotsVerdict(components) else {
            return FetchError(kind: .invalidURL, url: url, detail: "not an absolute http(s) URL")
        }
        guard !verdict.allowed else { return nil }
        logger.info("disallowed by robots.txt", metadata: ["fetch.url": "\(url)", "fetch.rule": "\(verdict.reason)"])
        return FetchError(kind: .robotsDisallowed, url: url, detail: verdict.reason, robotsRule: verdict.rule)
    }

    /// What a result says about the host's health.
    static func outcome(of result: Result<HTTPResponse, FetchError>, retryAfter: TimeInterval?) -> PolitenessStateMachine.Outcome {
        switch result {
        case .success(let response) where response.status == 429 || response.status == 503:
            return .throttled(retryAfter: retryAfter)
        case .success(let response) where response.status >= 500:
            return .failure
        case .success(let response) where response.status >= 400:
            return .neutral
        case .success:
            return .success
        case .failure(let error):
            return [.dns, .connect, .timeout, .network, .tls].contains(error.kind) ? .failure : .neutral
        }
    }

    /// Politeness is per host name (lowercased), whatever the scheme, port or connect-to target.
    /// The host as the URL spells it (punycode for an international name): `host` would decode
    /// IDNA through ICU on every request.
    public static func hostKey(of url: String) -> String? {
        URLComponents(string: url).flatMap(hostKey(of:))
    }

    static func hostKey(of components: URLComponents) -> String? {
        guard let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.encodedHost, !host.isEmpty
        else { return nil }
        return host.lowercased()
    }
}
