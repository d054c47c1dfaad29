/// A parsed robots.txt (RFC 9309) as a pure value: which groups, which rules, and the verdict for
/// a path. Fetching and caching live in `RobotsCache`.
public struct Robots: Sendable, Equatable {
    public struct Rule: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable { case allow = "Allow", disallow = "Disallow" }
        public var kind: Kind
        /// The path pattern as written in the file.
        public var pattern: String
        /// 1-based line in the file; 0 for a rule implied by a fetch failure.
        public var line: Int
        /// Normalised pattern bytes (percent-encoding canonical), used for matching and length.
        let normalized: [UInt8]

        public init(kind: Kind, pattern: String, line: Int) {
            self.kind = kind
            self.pattern = pattern
            self.line = line
            normalized = RobotsMatcher.normalize(Array(pattern.utf8))
        }

        /// `Disallow: /admin/ (line 5)`
        public var description: String {
            line > 0 ? "\(kind.rawValue): \(pattern) (line \(line))" : "\(kind.rawValue): \(pattern)"
        }
    }

    public struct Group: Sendable, Equatable {
        /// The product tokens of its `User-agent` lines, as written (`*` for the default group).
        public var agents: [String]
        public var rules: [Rule]
        public var crawlDelay: Double?
    }

    /// Where the rules came from, which decides the answer when there are none.
    public enum Source: Sendable, Equatable {
        /// A robots.txt body was parsed.
        case file
        /// 4xx or a redirect chain too long: no robots.txt, everything allowed.
        case unavailable(reason: String)
        /// 5xx or a network failure: everything disallowed until a retry succeeds.
        case unreachable(reason: String)
    }

    public struct Verdict: Sendable, Equatable, CustomStringConvertible {
        public var allowed: Bool
        /// The rule that decided, if one did.
        public var rule: Rule?
        /// Why, for a human: the rule, or the file's absence or failure.
        public var reason: String

        /// True when the answer is "disallowed" only because robots.txt could not be fetched.
        public var robotsUnreachable = false

        /// The transfer error when robots.txt got no HTTP answer at all (DNS, connect, TLS,
        /// timeout): the page fails with it instead of counting as disallowed.
        public var fetchFailure: FetchError?

        public var description: String { "\(allowed ? "allowed" : "disallowed") (\(reason))" }

        /// When robots.txt got no HTTP answer: the failure of the page at `url` (DNS, connect and
        /// TLS errors as `unreachable`), which is not a robots.txt rule.
        public func pageFailure(url: String) -> FetchError? {
            guard !allowed, let failure = fetchFailure else { return nil }
            let kind: FetchError.Kind = [.dns, .connect, .tls].contains(failure.kind) ? .unreachable : failure.kind
            return FetchError(kind: kind, url: url, detail: kind == .unreachable ? failure.detail : "robots.txt: \(failure.detail)")
        }
    }

    public var groups: [Group]
    public var sitemaps: [String]
    public var source: Source
    /// Why robots.txt got no HTTP answer, for a file disallowing all after a transfer error.
    public var fetchFailure: FetchError?

    /// RFC 9309 §2.5: a crawler must parse at least 500 KiB; content beyond is ignored.
    public static let maxBytes = 500 * 1024

    public init(groups: [Group] = [], sitemaps: [String] = [], source: Source = .file) {
        self.groups = groups
        self.sitemaps = sitemaps
        self.source = source
    }

    public static func allowingAll(reason: String) -> Robots { Robots(source: .unavailable(reason: reason)) }
    public static func disallowingAll(reason: String, fetchFailure: FetchError? = nil) -> Robots {
        var robots = Robots(source: .unreachable(reason: reason))
        robots.fetchFailure = fetchFailure
        return robots
    }

    /// The groups that apply to `productToken`: those naming it (case-insensitive), else `*`.
    public func groups(for productToken: String) -> [Group] {
        let token = productToken.lowercased()
        let named = groups.filter { $0.agents.contains { Self.agentToken($0) == token } }
        return named.isEmpty ? groups.filter { $0.agents.contains("*") } : named
    }

    /// The highest Crawl-delay of the groups that apply, in seconds.
    public func crawlDelay(for productToken: String) -> Double? {
        Self.crawlDelay(of: groups(for: productToken))
    }

    static func crawlDelay(of groups: [Group]) -> Double? {
        groups.compactMap(\.crawlDelay).max()
    }

    /// Whether `productToken` may fetch `path` (path plus `?query`, as in the URL).
    public func verdict(for path: String, productToken: String) -> Verdict {
        verdict(for: path, groups: groups(for: productToken))
    }

    /// The verdict by the groups `groups(for:)` chose (the fetcher chooses them once per
    /// request, for the crawl delay and the verdict alike).
    func verdict(for path: String, groups applying: [Group]) -> Verdict {
        if case .unreachable(let reason) = source {
            return Verdict(allowed: false, rule: Rule(kind: .disallow, pattern: "/", line: 0), reason: "robots.txt unreachable: \(reason)", robotsUnreachable: true,
                           fetchFailure: fetchFailure)
        }
        if case .unavailable(let reason) = source {
            return Verdict(allowed: true, rule: nil, reason: "no robots.txt: \(reason)")
        }
        let target = RobotsMatcher.normalize(Array((path.isEmpty ? "/" : path).utf8))
        if target.elementsEqual("/robots.txt".utf8) {
            return Verdict(allowed: true, rule: nil, reason: "robots.txt itself is always allowed")
        }
        var best: Rule?
        for group in applying {
            for rule in group.rules where !rule.normalized.isEmpty {
                guard RobotsMatcher.matches(pattern: rule.normalized, path: target) else { continue }
                if let current = best {
                    let longer = rule.normalized.count > current.normalized.count
                    let tieWonByAllow = rule.normalized.count == current.normalized.count && rule.kind == .allow
                    if longer || tieWonByAllow { best = rule }
                } else {
                    best = rule
                }
            }
        }
        guard let best else { return Verdict(allowed: true, rule: nil, reason: "no matching rule") }
        return Verdict(allowed: best.kind == .allow, rule: best, reason: best.description)
    }

    /// `Googlebot/2.1` → `googlebot`: the product token of a User-agent line, lowercased.
    static func agentToken(_ value: String) -> String {
        if value == "*" { return "*" }
        // ASCII (every real User-agent line) byte by byte: this runs for each group on every
        // request, and Character properties are slow. Among ASCII, letters are A-Z a-z and
        // numbers 0-9, so both paths agree.
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            let token = value.utf8.prefix { b in
                let l = b | 0x20
                return (l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                    || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            }
            return String(decoding: token.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        let token = value.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return token.lowercased()
    }
}
