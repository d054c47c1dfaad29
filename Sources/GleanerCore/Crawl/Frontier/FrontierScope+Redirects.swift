import GleanerParse

extension FrontierScope {
    /// The scope of a parser's links: its hosts, tracking parameters and canonical host.
    public init(parser: SiteParser) {
        self.init(hosts: parser.hosts, trackingParameters: parser.trackingParameters,
                  canonicalHost: parser.definition.canonicalHost)
    }

    /// Why a redirect target is outside what a source of `parser` follows, or nil: a target
    /// must pass the checks a link does (an http(s) URL on one of the parser's hosts) and be a
    /// page of one of its page kinds.
    /// It must also pass the source's `allow`/`deny` rules.
    public static func redirectRefusal(parser: SiteParser, rules: ScopeRules = ScopeRules()) -> @Sendable (String) -> String? {
        let scope = FrontierScope(parser: parser)
        return { url in
            switch URLNormalizer.normalize(url, scope: scope) {
            case .failure(let skip):
                return "\(skip)"
            case .success(let id):
                if parser.pageKind(for: id) == nil { return "no page kind of parser \(parser.name) matches it" }
                return rules.refusal(of: id).map { "outside the source's scope: \($0)" }
            }
        }
    }
}
