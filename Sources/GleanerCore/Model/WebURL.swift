/// An http or https URL as the WHATWG URL Standard's basic URL parser produces it: what a
/// browser makes of an href, a `<base href>` or a redirect's `Location`.
///
/// Only the special schemes gleaner fetches are parsed; any other scheme is a `Failure` of kind
/// `.scheme`. The value is its serialization plus offsets of the components, so reading the host
/// or the path allocates nothing. Parsing lives in `WebURL+Parser.swift`, hosts (IPv4, IPv6,
/// IDNA) in `WebURL+Host.swift`, the percent-encode sets in `WebURL+Encoding.swift`.
public struct WebURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL as the standard serializes it (`href`).
    public let serialization: String
    /// UTF-8 offsets into `serialization`: where the host starts and ends, where the path
    /// starts, and where `?` and `#` sit (-1 when there is no query or fragment).
    let hostStart: Int
    let hostEnd: Int
    let pathStart: Int
    let queryStart: Int
    let fragmentStart: Int
    /// The port when it is not the scheme's default.
    public let port: UInt16?

    /// Why the standard rejects an input: a stable `kind` for counting and a sentence.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// A scheme other than http and https (`mailto:`, `javascript:`, `ftp:`).
            case scheme
            /// No scheme and no base URL to resolve against.
            case noBase = "no-base"
            /// An empty host (`http://`, `http://user@/`, `http://:80/`).
            case hostMissing = "host-missing"
            /// A forbidden code point, a percent-encoding that is not UTF-8, or IDNA rejected it.
            case hostInvalid = "host-invalid"
            case ipv4 = "ipv4-invalid"
            case ipv6 = "ipv6-invalid"
            /// Not digits, or above 65535.
            case port = "port-invalid"
        }

        public var kind: Kind
        public var detail: String

        public init(_ kind: Kind, _ detail: String) {
            self.kind = kind
            self.detail = detail
        }

        public var description: String { detail }
    }

    public var description: String { serialization }

    /// Parses `input`, resolving it against `base` when it is relative.
    public static func parse(_ input: String, base: WebURL? = nil) -> Result<WebURL, Failure> {
        var bytes = input
        return bytes.withUTF8 { Parser.parse($0, original: input, base: base) }
    }

    /// The parsed URL, or nil when the standard says failure.
    public init?(_ input: String, base: WebURL? = nil) {
        guard case .success(let url) = Self.parse(input, base: base) else { return nil }
        self = url
    }

    init(serialization: String, hostStart: Int, hostEnd: Int, port: UInt16?, pathStart: Int, queryStart: Int, fragmentStart: Int) {
        self.serialization = serialization
        self.hostStart = hostStart
        self.hostEnd = hostEnd
        self.port = port
        self.pathStart = pathStart
        self.queryStart = queryStart
        self.fragmentStart = fragmentStart
    }

    // MARK: - Components

    private func slice(_ from: Int, _ to: Int) -> Substring {
        let u = serialization.utf8
        let a = u.index(u.startIndex, offsetBy: from)
        let b = u.index(a, offsetBy: to - from)
        return Substring(serialization.utf8[a..<b])
    }

    private var end: Int { serialization.utf8.count }
    private var queryEnd: Int { fragmentStart >= 0 ? fragmentStart : end }

    /// `http` or `https`.
    public var scheme: Substring { slice(0, isHTTPS ? 5 : 4) }
    public var isHTTPS: Bool { serialization.utf8.count > 4 && serialization.utf8[serialization.utf8.index(serialization.utf8.startIndex, offsetBy: 4)] == UInt8(ascii: "s") }
    /// The host as serialized: a lower-case ASCII domain, dotted IPv4, or `[v6]`.
    public var host: Substring { slice(hostStart, hostEnd) }
    /// `user:pass` without the `@`, empty when there is none.
    public var userinfo: Substring {
        let start = isHTTPS ? 8 : 7
        return hostStart > start ? slice(start, hostStart - 1) : ""
    }
    /// Host and non-default port (`example.com:8080`), the part of the URL robots.txt and
    /// politeness key on.
    public var hostAndPort: Substring { slice(hostStart, pathStart) }
    /// Scheme, `://`, user info, host and port: everything before the path.
    public var schemeAndAuthority: Substring { slice(0, pathStart) }
    /// Everything from `://` to the path: user info, host, port.
    public var authority: Substring { slice(isHTTPS ? 8 : 7, pathStart) }
    /// Always starts with `/`.
    public var path: Substring { slice(pathStart, queryStart >= 0 ? queryStart : queryEnd) }
    /// Without the `?`; nil when the URL has none (`?` alone is an empty query).
    public var query: Substring? { queryStart >= 0 ? slice(queryStart + 1, queryEnd) : nil }
    /// Without the `#`; nil when the URL has none.
    public var fragment: Substring? { fragmentStart >= 0 ? slice(fragmentStart + 1, end) : nil }
    /// Path and query (`/news/article.html?no=1`): what page-kind patterns and robots.txt rules match.
    public var pathAndQuery: Substring { slice(pathStart, queryEnd) }
    /// Scheme, authority and path and query: the URL without its fragment.
    public var withoutFragment: WebURL {
        guard fragmentStart >= 0 else { return self }
        return WebURL(serialization: String(slice(0, fragmentStart)), hostStart: hostStart, hostEnd: hostEnd, port: port,
                      pathStart: pathStart, queryStart: queryStart, fragmentStart: -1)
    }
    /// The port a connection uses: the explicit one or the scheme's default.
    public var effectivePort: Int { port.map(Int.init) ?? (isHTTPS ? 443 : 80) }

    // MARK: - Edits used by normalisation

    /// The same URL with another host (an already serialized one: lower-case ASCII) and query
    /// (`.some(nil)`: no query; `.none`: the same query). The fragment is dropped.
    public func replacing(host newHost: Substring? = nil, query newQuery: Substring?? = .none) -> WebURL {
        var s = String(slice(0, hostStart))
        let hostText = newHost ?? host
        s += hostText
        let newHostEnd = s.utf8.count
        s += slice(hostEnd, pathStart)
        let newPathStart = s.utf8.count
        s += path
        var q = -1
        let finalQuery: Substring? = switch newQuery { case .some(let v): v; case .none: query }
        if let finalQuery {
            q = s.utf8.count
            s += "?"
            s += finalQuery
        }
        return WebURL(serialization: s, hostStart: hostStart, hostEnd: newHostEnd, port: port,
                      pathStart: newPathStart, queryStart: q, fragmentStart: -1)
    }
}
