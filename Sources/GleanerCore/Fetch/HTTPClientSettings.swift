import Foundation

/// How the HTTP client talks to servers. Every field has a documented default; the daemon fills
/// this from the config file, tests shrink the timeouts.
public struct HTTPClientSettings: Sendable, Equatable {
    /// Transfers running at once over all hosts (CURLMOPT_MAX_TOTAL_CONNECTIONS). The default is 64.
    public var maxTotalConnections: Int = 64
    /// Connections to one host at once (CURLMOPT_MAX_HOST_CONNECTIONS); politeness usually caps
    /// lower. The default is 4.
    public var maxConnectionsPerHost: Int = 4
    /// Seconds to establish a connection (DNS + TCP + TLS). The default is 10.
    public var connectTimeout: TimeInterval = 10
    /// Seconds for a whole transfer, redirects included. The default is 30.
    public var totalTimeout: TimeInterval = 30
    /// A transfer slower than this many bytes per second for `lowSpeedTime` is aborted, so a
    /// server that drips a byte now and then cannot hold a slot. The default is 1024.
    public var lowSpeedLimit: Int = 1024
    /// Seconds below `lowSpeedLimit` before the transfer is aborted. The default is 10.
    public var lowSpeedTime: Int = 10
    /// Largest body accepted, counted after content decoding (so a gzip bomb is caught as it
    /// inflates) and checked against Content-Length up front. The default is 10 MiB.
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Redirects followed before giving up. The default is 5.
    public var maxRedirects: Int = 5
    /// Protocols allowed, for the request and for every redirect. The default is `http,https`.
    public var protocols: String = "http,https"
    /// Sent on every request. The default is `gleaner/<version> (+<contact URL>)`.
    public var userAgent: String = GleanerFetch.defaultUserAgent
    /// Use HTTP/2 over TLS when the server offers it, waiting to multiplex on an existing
    /// connection rather than opening a new one. The default is true.
    public var http2: Bool = true
    /// Proxy URL; nil leaves curl's default, which reads `http_proxy`/`https_proxy`/`no_proxy`
    /// from the environment. The default is nil.
    public var proxy: String? = nil
    /// Verify TLS certificates and host names. The default is true; only tests with a
    /// self-signed certificate should pass a `caInfo` rather than turning this off.
    public var verifyTLS: Bool = true
    /// A PEM bundle of trusted CAs; nil uses the system store. The default is nil.
    public var caInfo: String? = nil
    /// libcurl CONNECT_TO entries, `HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT`, e.g.
    /// `www.tvseoul.kr:80:127.0.0.1:8089`: connect elsewhere while the URL and Host header keep
    /// the real host. The default is empty.
    public var connectTo: [String] = []

    public init() {}

    /// The `host:port` pairs `connectTo` sends elsewhere (lowercased; an empty host or port
    /// in an entry matches any): the address policy leaves those connections alone, since the
    /// operator chose where they go.
    var connectToSources: Set<String> {
        Set(connectTo.compactMap { entry -> String? in
            let (host, rest) = Self.splitHost(Substring(entry))
            guard rest.first == ":" else { return nil }
            let port = rest.dropFirst().prefix { $0 != ":" }
            return "\(host.lowercased()):\(port)"
        })
    }

    /// Is `host:port` a source of a connect-to entry?
    static func matches(_ sources: Set<String>, host: String, port: Int) -> Bool {
        let host = host.lowercased()
        return sources.contains("\(host):\(port)") || sources.contains(":\(port)") || sources.contains("\(host):")
            || sources.contains(":")
    }

    /// `[v6]:rest` or `name:rest` → (host without brackets, `:rest`).
    private static func splitHost(_ s: Substring) -> (Substring, Substring) {
        if s.first == "[", let close = s.firstIndex(of: "]") {
            return (s[s.index(after: s.startIndex)..<close], s[s.index(after: close)...])
        }
        let colon = s.firstIndex(of: ":") ?? s.endIndex
        return (s[..<colon], s[colon...])
    }

    /// True when curl sends requests through a proxy (`proxy`, or the environment variables
    /// curl reads): the proxy resolves names then, so only address literals can be judged.
    var usesProxy: Bool {
        if let proxy, !proxy.isEmpty { return true }
        let environment = ProcessInfo.processInfo.environment
        return ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"].contains {
            !(environment[$0] ?? "").isEmpty
        }
    }
}

/// Version and identity constants of the fetch stage.
public enum GleanerFetch {
    /// The gleaner version sent in the User-Agent.
    public static let version = "0.1.0"
    /// Where a site operator reads who we are and how to reach us.
    public static let contactURL = "https://github.com/gleaner-crawler/gleaner"
    /// `gleaner/<version> (+<contact URL>)`.
    public static let defaultUserAgent = "gleaner/\(version) (+\(contactURL))"

    /// The robots.txt product token of a User-Agent: its first word up to `/`
    /// (`gleaner/0.1 (+…)` → `gleaner`).
    public static func productToken(of userAgent: String) -> String {
        let first = userAgent.split(whereSeparator: { $0 == " " || $0 == "/" }).first ?? ""
        return String(first)
    }
}
