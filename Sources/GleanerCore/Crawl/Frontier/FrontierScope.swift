/// Which URLs a source may follow: its parser's hosts, minus the parser's tracking parameters.
public struct FrontierScope: Sendable, Equatable {
    /// Lower-case host names; the first is where aliases are moved when `canonicalHost` is set.
    public var hosts: Set<String>
    /// Query parameter names that do not change the page; a trailing `*` matches a prefix (`utm_*`).
    public var trackingParameters: [String]
    /// When set, every in-scope host is rewritten to this one (`tvseoul.kr` → `www.tvseoul.kr`).
    public var canonicalHost: String?

    public init(hosts: some Sequence<String>, trackingParameters: [String] = [], canonicalHost: String? = nil) {
        self.hosts = Set(hosts.map { $0.lowercased() })
        self.trackingParameters = trackingParameters
        self.canonicalHost = canonicalHost?.lowercased()
    }

    public func contains(host: String) -> Bool {
        let bare = host.split(separator: ":").first.map(String.init) ?? host
        return hosts.contains(bare.lowercased())
    }

    public func isTracking(parameter name: String) -> Bool {
        trackingParameters.contains { pattern in
            pattern.hasSuffix("*") ? name.hasPrefix(pattern.dropLast()) : name == pattern
        }
    }
}
