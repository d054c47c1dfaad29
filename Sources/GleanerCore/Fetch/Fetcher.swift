import GleanerModel
import Foundation
import Logging
import Synchronization

/// The polite client the crawl stage calls: robots.txt first, then the host's politeness slot,
/// then the transfer, retried on transient failures. A disallowed URL is never requested.
/// Redirects are followed here, hop by hop, each through the checks of a new URL
/// (`Fetcher+Redirects.swift`).
public final class Fetcher: Sendable {
    public struct Settings: Sendable, Equatable {
        public var http = HTTPClientSettings()
        public var politeness = PolitenessSettings()
        public var retry = RetryPolicy()
        public var robots = RobotsCache.Settings()
        /// Obey robots.txt. The default is true; only `gleaner fetch --ignore-robots` turns it off.
        public var respectRobots = true
        /// Connect to loopback, link-local, private, unspecified and multicast addresses too.
        /// A `FetchPolicy` may say otherwise per fetch (a source's `allow_private_addresses`);
        /// connect-to targets are always allowed. The default is false.
        public var allowPrivateAddresses = false
        /// Longest a fetch waits for its host, in seconds: a retry's delay, a Retry-After, a
        /// host's pause after failures. Asked to wait longer, the fetch fails at once
        /// (`host_paused`, or the status that asked) instead of sleeping. The default is 60.
        public var maxWait: TimeInterval = 60
        public init() {}
    }

    public let settings: Settings
    public let client: HTTPClient
    public let politeness: Politeness
    public let robotsCache: RobotsCache
    private let productToken: String
    /// The Crawl-delay last handed to `politeness` per host.
    private let crawlDelays = Mutex<[String: Double?]>([:])
    /// Hosts fetched under a policy that allows private addresses: their robots.txt may be too.
    let privateHosts = HostSet()
    /// `settings.http.connectToSources`, worked out once.
    let connectToSources: Set<String>
    let logger: Logger
    let random: @Sendable () -> Double

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
        connectToSources = settings.http.connectToSources
        // robots.txt requests count against the host's politeness like any other, and connect
        // only where the host's pages may (libcurl follows their redirects: every address is
        // still judged as the socket opens).
        let privateHosts = self.privateHosts
        robotsCache = RobotsCache(settings: settings.robots) { request in
            let host = Self.hostKey(of: request.url) ?? ""
            do throws(Politeness.WaitError) { try await politeness.acquire(host: host, maxWait: settings.maxWait) } catch {
                return .failure(Self.waitFailure(error, url: request.url, maxWait: settings.maxWait))
            }
            var request = request
            let allowed = settings.allowPrivateAddresses || privateHosts.contains(host)
            request.addresses = allowed ? .any : .publicOnly
            let result = await client.fetch(request)
            await politeness.release(host: host, outcome: .neutral)
            return result
        }
    }

    /// Fetches `url` politely, following redirects hop by hop. Statuses of 400 and above come
    /// back as `.http(status)` errors after any retries; a 304 to a conditional request is a
    /// success with `notModified`. `finalURL` is the last hop's URL.
    public func fetch(_ url: String, validators: Validators? = nil, headers: [(String, String)] = [],
                      policy: FetchPolicy = FetchPolicy()) async -> Result<HTTPResponse, FetchError> {
        let allowPrivate = policy.allowPrivateAddresses ?? settings.allowPrivateAddresses
        var chain = [url]
        while true {
            let hop = chain[chain.count - 1]
            let checked = await check(hop, chain: chain, policy: policy, allowPrivate: allowPrivate)
            let host: String
            switch checked {
            case .failure(let error): return .failure(error)
            case .success(let h): host = h
            }
            var request = HTTPRequest(url: hop, headers: headers, validators: validators)
            request.followRedirects = false
            request.addresses = allowPrivate ? .any : .publicOnly
            request.extras = policy.extras
            var result = await transfer(request, host: host)
            switch result {
            case .success(let response) where response.isRedirect:
                // The Location header as a browser resolves it; curl's own resolution as a fallback.
                let location = response.headers["location"] ?? response.redirectURL ?? ""
                if let refused = nextHop(location, from: hop, chain: &chain, status: response.status) {
                    return .failure(refused)
                }
                continue
            case .success(var response):
                response.finalURL = hop
                response.redirectCount = chain.count - 1
                result = .success(response)
            case .failure(var error) where chain.count > 1:
                // The error names the URL asked for; the detail says where the chain led.
                error.url = url
                error.detail = "after redirects to \(hop): \(error.detail)"
                result = .failure(error)
            case .failure:
                break
            }
            return result
        }
    }

    /// One hop's transfer: the host's politeness slot, then the request, retried on transient
    /// failures; never waiting longer than `maxWait` for the host.
    private func transfer(_ request: HTTPRequest, host: String) async -> Result<HTTPResponse, FetchError> {
        let url = request.url
        var attempt = 1
        while true {
            do { try await politeness.acquire(host: host, maxWait: settings.maxWait) } catch {
                return .failure(Self.waitFailure(error, url: url, maxWait: settings.maxWait))
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
            if let retryAfter, retryAfter > settings.maxWait, RetryPolicy.isRetryable(failure.kind) {
                var error = failure
                error.detail += "; it asks to wait \(Self.seconds(retryAfter)) (Retry-After), more than the"
                    + " \(Self.seconds(settings.maxWait)) a fetch waits: the host is left alone until a later run"
                logger.warning("host asks for a longer pause than a fetch waits", metadata: [
                    "fetch.url": "\(url)", "fetch.retry_after_s": "\(retryAfter)", "fetch.max_wait_s": "\(settings.maxWait)",
                ])
                return .failure(error)
            }
            switch settings.retry.decide(attempt: attempt, kind: failure.kind, retryAfter: retryAfter, random: random()) {
            case .giveUp:
                return .failure(failure)
            case .retry(let seconds):
                let wait = min(seconds, settings.maxWait)
                logger.info("retrying", metadata: [
                    "fetch.url": "\(url)", "fetch.error": "\(failure.kind)", "fetch.attempt": "\(attempt)",
                    "fetch.retry_in_s": "\(wait)",
                ])
                do { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) } catch {
                    return .failure(FetchError(kind: .cancelled, url: url, detail: "cancelled while waiting to retry"))
                }
                attempt += 1
            }
        }
    }

    static func waitFailure(_ error: Politeness.WaitError, url: String, maxWait: TimeInterval) -> FetchError {
        switch error {
        case .cancelled:
            return FetchError(kind: .cancelled, url: url, detail: "cancelled while waiting for the host")
        case .tooLong(let seconds):
            return FetchError(kind: .hostPaused, url: url, detail: "the host is paused for \(Self.seconds(seconds)) more"
                + " (Retry-After or backoff), longer than the \(Self.seconds(maxWait)) a fetch waits")
        }
    }

    /// `12 s`, `1000000000 s`.
    static func seconds(_ value: TimeInterval) -> String {
        value < 1e15 ? "\(Int(value.rounded(.up))) s" : "\(value) s"
    }

    /// The robots.txt verdict for `url` (also what `gleaner robots` prints).
    /// `extras` go on the robots.txt request when it is not cached yet.
    public func robotsVerdict(for url: String, extras: HTTPRequest.Extras = HTTPRequest.Extras()) async -> Robots.Verdict? {
        guard let components = URLComponents(string: url) else { return nil }
        return await robotsVerdict(components, extras: extras)
    }

    private func robotsVerdict(_ components: URLComponents, extras: HTTPRequest.Extras) async -> Robots.Verdict? {
        guard let origin = RobotsCache.origin(of: components) else { return nil }
        let robots = await robotsCache.robots(origin: origin, extras: extras)
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

    func robotsCheck(_ url: String, components: URLComponents, extras: HTTPRequest.Extras) async -> FetchError? {
        guard let verdict = await robotsVerdict(components, extras: extras) else {
            return FetchError(kind: .invalidURL, url: url, detail: "not an absolute http(s) URL")
        }
        guard !verdict.allowed else { return nil }
        if let failure = verdict.pageFailure(url: url) { return failure }
        // The caller logs the refusal with its own context (once per URL).
        logger.debug("disallowed by robots.txt", metadata: ["fetch.url": "\(url)", "fetch.rule": "\(verdict.reason)"])
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
