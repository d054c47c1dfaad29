import GleanerModel

/// Link resolution as browsers do it (the URL Standard's basic URL parser, `WebURL`) and the
/// small normalisations gleaner applies to links.
///
/// Not Foundation's URL: hrefs on real pages carry spaces, Korean text, backslashes, tabs and
/// stray `%`s that URL(string:) rejects or reads differently from a browser, and this runs for
/// every link on every page.
public enum URLResolver {
    /// An absolute http(s) URL, or nil.
    static func split(_ raw: String) -> WebURL? {
        WebURL(raw)
    }

    /// Resolves `reference` against the absolute `base`; nil for references gleaner never
    /// follows (`javascript:`, `mailto:`, `data:`, `tel:`, fragment-only, empty), non-http(s),
    /// and those the URL Standard rejects (invalid host, bad port). The fragment is dropped.
    public static func resolve(_ reference: String, against base: String) -> String? {
        guard let b = WebURL(base) else { return nil }
        return resolve(reference, against: b)?.serialization
    }

    /// `resolve` with the base already parsed: a page resolves every href against one base.
    static func resolve(_ reference: String, against base: WebURL) -> WebURL? {
        guard case .success(let url) = resolveReporting(reference, against: base) else { return nil }
        return url
    }

    /// Why a reference is not followed: `nil` failure for empty and fragment-only references
    /// (the page itself), otherwise the standard's reason.
    enum Outcome {
        case success(WebURL)
        case samePage
        case failure(WebURL.Failure)
    }

    static func resolveReporting(_ reference: String, against base: WebURL) -> Outcome {
        if isSamePage(reference) { return .samePage }
        switch WebURL.parse(reference, base: base) {
        case .success(let url): return .success(url.withoutFragment)
        case .failure(let f): return .failure(f)
        }
    }

    /// Empty after the standard's trimming, or a fragment only.
    static func isSamePage(_ reference: String) -> Bool {
        for c in reference.utf8 {
            if c <= 0x20 { continue }
            return c == UInt8(ascii: "#")
        }
        return true
    }

    /// Host of an absolute URL, as serialized (lower-case ASCII, IDNA applied).
    public static func host(of url: String) -> String? {
        WebURL(url).map { String($0.host) }
    }

    /// Path plus query (`/news/article.html?no=1`): what page-kind patterns match.
    public static func pathAndQuery(of url: String) -> String {
        WebURL(url).map { String($0.pathAndQuery) } ?? "/"
    }

    /// Drops the named query parameters and moves a host alias to the canonical host.
    public static func normalize(_ url: String, dropping parameters: Set<String>, hostAliases: Set<String>,
                                 canonicalHost: String?) -> String {
        guard var p = WebURL(url) else { return url }
        normalize(&p, dropping: parameters, hostAliases: hostAliases, canonicalHost: canonicalHost)
        return p.serialization
    }

    static func normalize(_ p: inout WebURL, dropping parameters: Set<String>, hostAliases: Set<String>,
                          canonicalHost: String?) {
        var newQuery: Substring?? = .none
        if let q = p.query, !parameters.isEmpty {
            // On UTF-8 bytes: splitting a String on Characters costs grapheme breaking per byte.
            let pairs = q.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
            let kept = pairs.filter { pair in
                let name = pair.prefix { $0 != UInt8(ascii: "=") }
                return !parameters.contains(String(decoding: name, as: UTF8.self))
            }
            let unchanged = kept.count == pairs.count && !pairs.isEmpty
                && pairs.reduce(pairs.count - 1) { $0 + $1.count } == q.utf8.count
            if !unchanged {
                newQuery = .some(kept.isEmpty ? nil : Substring(kept.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "&")))
            }
        }
        var newHost: Substring?
        if let canonicalHost, canonicalHost != p.host, hostAliases.contains(String(p.authority)) { newHost = Substring(canonicalHost) }
        if newHost != nil || newQuery != nil { p = p.replacing(host: newHost, query: newQuery) }
    }
}
