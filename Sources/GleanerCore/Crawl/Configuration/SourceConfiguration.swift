import GleanerModel
import GleanerParse

/// One `[[source]]`: what to crawl, how often, and how much.
public struct SourceConfiguration: Sendable, Equatable {
    /// `name` (required): unique; letters, digits, `-` and `_`. Keys the schedule in the state.
    public var name: String
    /// `parser` (required): the site parser's name (a folder under a parser directory).
    public var parser: String
    /// `seeds` (required): URLs fetched at every run; each must be on one of the parser's hosts.
    public var seeds: [String]
    /// `every`: time between runs. Default 1 h.
    public var every: ConfigDuration = .hours(1)
    /// `jitter`: random delay added to each run, up to this much. Default: a tenth of `every`.
    public var jitter: ConfigDuration
    /// `max_pages`: pages fetched per run at most (seeds included). Default 500.
    public var maxPages: Int = 500
    /// `max_depth`: link hops from a seed (0 = seeds only). Default 1.
    public var maxDepth: Int = 1
    /// `emit`: record types written; others are not read. nil (the default): every type the
    /// parser yields.
    public var emit: [RecordType]?
    /// `seed_only`: record types taken from the seed pages only. nil (the default): the types
    /// declared `seed_only` (weather: every page repeats the widget, and a cached article page
    /// would otherwise turn an older reading into a new revision).
    public var seedOnly: [RecordType]?
    /// `revisit`: after an article is first seen, fetch it again at these ages (to catch
    /// corrections), then never. Default `["1h", "24h"]`.
    public var revisit: [ConfigDuration] = [.hours(1), .hours(24)]
    /// `enabled`: false keeps the source in the file but never runs it. Default true.
    public var enabled: Bool = true
    /// `allow_private_addresses`: let this source's requests connect to loopback, link-local,
    /// private, unspecified and multicast addresses (an intranet site). Default false: such
    /// addresses are refused unless `[http.connect_to]` names them.
    public var allowPrivateAddresses: Bool = false
    /// `[source.politeness]`: overrides of `delay` and `jitter` for this source's requests.
    public var politeness: PolitenessConfiguration
    /// `allow` and `deny`: URL regexes that narrow what the parser's hosts and page kinds admit
    /// (deny wins; no `allow` admits everything). Default none.
    public var scope = ScopeRules()
    /// `headers`: request headers for this source's requests (robots.txt included), laid over
    /// `[http] headers` at load. Default none.
    public var headers: [String: String] = [:]
    /// `cookies`: fixed cookies sent with this source's requests, laid over `[http] cookies` at
    /// load. Default none.
    public var cookies: [String: String] = [:]
    /// `cookie_file`: a cookie file libcurl reads and writes for this source only; a relative
    /// path is relative to `state_dir` (resolved at load). Default none.
    public var cookieFile: String? = nil
    /// `feeds`, `sitemaps`, `sitemaps_from_robots` and their limits (`FeedSources`).
    public var feeds = FeedSources()

    public init(name: String, parser: String, seeds: [String], every: ConfigDuration = .hours(1),
                politeness: PolitenessConfiguration = PolitenessConfiguration()) {
        self.name = name
        self.parser = parser
        self.seeds = seeds
        self.every = every
        self.jitter = .seconds(every.seconds / 10)
        self.politeness = politeness
    }
}

extension SourceConfiguration {
    /// `headers` as request header pairs, in name order.
    public var requestHeaders: [(String, String)] { headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// `cookies` as one Cookie header value (`a=1; b=2`, in name order), nil when there are none.
    public var cookieHeader: String? {
        cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }
}

extension SourceConfiguration {
    /// The record types a page of this source is read for: `emit` (default every type the parser
    /// yields), less the `seed_only` types (default those declared so) on pages that are not seeds.
    public func recordTypes(onSeed: Bool, parser: SiteParser) -> Set<RecordType> {
        let emitted = emit.map(Set.init) ?? parser.recordTypes
        if onSeed { return emitted }
        return emitted.subtracting(seedOnly.map(Set.init) ?? parser.seedOnlyTypes)
    }
}
