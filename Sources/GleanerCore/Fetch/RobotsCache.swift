import Foundation

/// robots.txt per origin (scheme + host + port), fetched once and kept for a TTL. Concurrent
/// asks for one origin share a single fetch. A 5xx or unreachable robots.txt disallows everything
/// and is tried again after `failureRetry`, not after the full TTL.
public actor RobotsCache {
    public struct Settings: Sendable, Equatable {
        /// How long a fetched robots.txt (or its 4xx absence) is trusted. The default is 24 h.
        public var ttl: TimeInterval = 24 * 3600
        /// When to try again after a 5xx or network failure (meanwhile everything is
        /// disallowed). The default is 300 s.
        public var failureRetry: TimeInterval = 300
        public init() {}
    }

    /// Fetches one robots.txt request (the Fetcher routes it through politeness).
    public typealias Loader = @Sendable (HTTPRequest) async -> Result<HTTPResponse, FetchError>

    private struct Entry { var robots: Robots; var expires: Date }

    private let loader: Loader
    private let settings: Settings
    private let now: @Sendable () -> Date
    private var entries: [String: Entry] = [:]
    private var pending: [String: Task<Robots, Never>] = [:]

    public init(settings: Settings = Settings(), now: @escaping @Sendable () -> Date = { Date() }, loader: @escaping Loader) {
        self.settings = settings
        self.now = now
        self.loader = loader
    }

    /// A cache that fetches straight through `client`.
    public init(client: HTTPClient, settings: Settings = Settings(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(settings: settings, now: now) { await client.fetch($0) }
    }

    /// The robots.txt that governs `url`; nil when the URL has no http(s) origin.
    public func robots(for url: String) async -> Robots? {
        guard let origin = Self.origin(of: url) else { return nil }
        return await robots(origin: origin)
    }

    /// The robots.txt of an origin as `origin(of:)` spells it. `extras` (a source's headers and
    /// cookies) go on the request when the file is fetched; the file is then cached for every
    /// source of the origin.
    public func robots(origin: String, extras: HTTPRequest.Extras = HTTPRequest.Extras()) async -> Robots {
        if let entry = entries[origin], entry.expires > now() { return entry.robots }
        if let task = pending[origin] { return await task.value }
        let loader = self.loader
        var request = Self.request(origin: origin)
        request.extras = extras
        let task = Task { [request] in Self.interpret(await loader(request)) }
        pending[origin] = task
        let robots = await task.value
        pending[origin] = nil
        let lifetime = if case .unreachable = robots.source { settings.failureRetry } else { settings.ttl }
        entries[origin] = Entry(robots: robots, expires: now().addingTimeInterval(lifetime))
        return robots
    }

    /// Forgets every cached file (config reload).
    public func removeAll() { entries = [:] }

    /// `http://Example.COM/a?b` → `http://example.com:80`.
    public static func origin(of url: String) -> String? {
        URLComponents(string: url).flatMap(origin(of:))
    }

    static func origin(of components: URLComponents) -> String? {
        guard let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.encodedHost, !host.isEmpty
        else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host.lowercased()):\(port)"
    }

    /// The path and query robots rules are matched against (`/a?b`; `/` for an empty path).
    public static func pathAndQuery(of url: String) -> String? {
        URLComponents(string: url).map(pathAndQuery(of:))
    }

    static func pathAndQuery(of components: URLComponents) -> String {
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }

    /// GET /robots.txt: up to 5 redirects, content past 500 KiB dropped rather than failing.
    public static func request(origin: String) -> HTTPRequest {
        HTTPRequest(url: "\(origin)/robots.txt", maxBodyBytes: Robots.maxBytes, maxRedirects: 5, oversize: .truncate)
    }

    /// RFC 9309 §2.3.1: 2xx → parse; 4xx → allow all (429 is treated as the server failing);
    /// more than 5 redirects → unavailable, allow all; 5xx and network failures → disallow all.
    public static func interpret(_ result: Result<HTTPResponse, FetchError>) -> Robots {
        switch result {
        case .success(let response) where (200...299).contains(response.status):
            return Robots(parsing: response.body)
        case .success(let response) where (400...499).contains(response.status) && response.status != 429:
            return .allowingAll(reason: "HTTP \(response.status)")
        case .success(let response):
            return .disallowingAll(reason: "HTTP \(response.status)")
        case .failure(let error) where error.kind == .tooManyRedirects:
            return .allowingAll(reason: "more than 5 redirects")
        case .failure(let error):
            return .disallowingAll(reason: "\(error.kind): \(error.detail)", fetchFailure: error)
        }
    }
}
