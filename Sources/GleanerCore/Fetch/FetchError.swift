/// A failed fetch, as a value: a stable kind that logs and metrics count, the URL, and the
/// human detail (libcurl's own error text where there is one).
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, Hashable, CustomStringConvertible {
        case dns
        case connect
        case tls
        case timeout
        /// The connection broke mid-transfer (reset, short body, nothing received).
        case network
        case tooLarge
        case tooManyRedirects
        /// A URL or redirect to a protocol other than http/https.
        case protocolRefused
        case invalidURL
        /// The server answered with this status (after retries, where retried).
        case http(Int)
        case robotsDisallowed
        /// The host could not be reached at all (its robots.txt failed with a DNS, connect or
        /// TLS error): the detail is libcurl's reason.
        case unreachable
        /// A redirect to a URL the fetch may not follow (scheme, the source's scope, robots.txt
        /// of its host, an address literal of a refused class, a loop).
        case redirectRefused
        /// The address a name resolved to (or a literal) is loopback, link-local, private,
        /// unspecified or multicast, and the source does not allow those.
        case addressRefused
        /// A response header line longer than libcurl accepts.
        case headerTooLarge
        /// A request header name or value with CR, LF or another control character.
        case invalidHeader
        /// The host asked for a pause (Retry-After, backoff) longer than a fetch waits.
        case hostPaused
        /// The linked libcurl refused an option (`CurlOptionError`: the option and curl's text).
        case curlOption
        case cancelled
        case other

        /// A short label for logs and metrics (`http_503`, `timeout`).
        public var description: String {
            switch self {
            case .dns: "dns"
            case .connect: "connect"
            case .tls: "tls"
            case .timeout: "timeout"
            case .network: "network"
            case .tooLarge: "too_large"
            case .tooManyRedirects: "too_many_redirects"
            case .protocolRefused: "protocol_refused"
            case .invalidURL: "invalid_url"
            case .http(let status): "http_\(status)"
            case .robotsDisallowed: "robots_disallowed"
            case .unreachable: "unreachable"
            case .redirectRefused: "redirect_refused"
            case .addressRefused: "address_refused"
            case .headerTooLarge: "header_too_large"
            case .invalidHeader: "invalid_header"
            case .hostPaused: "host_paused"
            case .curlOption: "curl_option"
            case .cancelled: "cancelled"
            case .other: "other"
            }
        }
    }

    public var kind: Kind
    public var url: String
    public var method: String
    /// libcurl's error text, the robots rule, or what else explains the failure.
    public var detail: String
    /// The robots.txt rule that blocked the URL, for `robotsDisallowed`.
    public var robotsRule: Robots.Rule?

    public init(kind: Kind, url: String, method: String = "GET", detail: String = "", robotsRule: Robots.Rule? = nil) {
        self.kind = kind
        self.url = url
        self.method = method
        self.detail = detail
        self.robotsRule = robotsRule
    }

    /// True for failures worth retrying: the network or the server's state may change.
    public var isTransient: Bool {
        switch kind {
        case .dns, .connect, .timeout, .network: true
        case .http(let status): status == 408 || status == 429 || (500...599).contains(status)
        default: false
        }
    }

    /// True when the server says the page is not there (404, 410), rather than not reachable
    /// right now: the crawl remembers such a fetch instead of asking again on every run.
    public var isGone: Bool {
        if case .http(let status) = kind { return status == 404 || status == 410 }
        return false
    }

    /// "fetch failed: timed out - GET https://…: Operation timed out after 30001 milliseconds"
    public var description: String {
        "fetch failed: \(summary) - \(method) \(url)" + (detail.isEmpty ? "" : ": \(detail)")
    }

    /// The kind in words: "timed out", "host unreachable".
    public var summary: String {
        switch kind {
        case .dns: "could not resolve host"
        case .connect: "could not connect"
        case .tls: "TLS failed"
        case .timeout: "timed out"
        case .network: "connection broken"
        case .tooLarge: "body too large"
        case .tooManyRedirects: "too many redirects"
        case .protocolRefused: "protocol not allowed"
        case .invalidURL: "invalid URL"
        case .http(let status): "HTTP \(status)"
        case .robotsDisallowed: "disallowed by robots.txt"
        case .unreachable: "host unreachable"
        case .redirectRefused: "redirect refused"
        case .addressRefused: "address refused"
        case .headerTooLarge: "response header too large"
        case .invalidHeader: "invalid request header"
        case .hostPaused: "host paused"
        case .curlOption: "libcurl option refused"
        case .cancelled: "cancelled"
        case .other: "error"
        }
    }
}
