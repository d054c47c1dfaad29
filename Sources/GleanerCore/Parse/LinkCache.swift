import GleanerModel
import Synchronization

/// Where an href leads once resolved against a page: the normalised URL and the page kind its
/// pattern matches (nil: a URL on the site's hosts that no kind matches, or another host).
struct ResolvedHref: Sendable {
    var url: String
    var kind: String?
    /// Why the URL Standard rejected the href (an invalid host, a bad port); `url` is empty then.
    var invalid: WebURL.Failure.Kind?
}

/// Remembers, across pages, what hrefs resolve to when the answer does not depend on the
/// page's path: menus, sidebars and footers repeat the same ~100 links on every page of a
/// site, and resolving, normalising and classifying each costs thousands of instructions.
///
/// Only hrefs whose result depends on nothing but the base URL's scheme and authority are
/// kept (`URLResolver.dependsOnlyOnOrigin`), under that origin. Bounded by two generations of
/// `limit / 2` entries each: when the newer one fills, it becomes the older one and the oldest
/// is dropped, and a hit in the older one moves the entry to the newer. The links every page
/// repeats therefore stay, while links seen once (an article's own related articles) age out.
/// Keyed by the href's text: nothing points into a page's tree. Thread-safe: the crawl's parse workers share
/// one `SiteParser`, so a page takes the lock once to look up all of its hrefs and once to add
/// what it resolved.
final class LinkCache: Sendable {
    private final class Generations {
        var newer: [String: ResolvedHref?] = [:]
        var older: [String: ResolvedHref?] = [:]
        var count: Int { newer.count + older.count }

        /// A full newer generation becomes the older one first.
        func insert(_ key: String, _ target: ResolvedHref?, half: Int) {
            if newer.count >= half {
                older = newer
                newer = Dictionary(minimumCapacity: half)
            }
            newer[key] = target
        }
    }

    private struct State {
        var tables: [String: Generations] = [:]
    }

    private let state = Mutex(State())
    let limit: Int
    /// More origins than this (a page list of many hosts' `<base>`s): start over.
    let originLimit = 64

    /// Entries per generation.
    private let half: Int

    init(limit: Int = 4096) {
        self.limit = limit
        half = max(limit / 2, 1)
    }

    /// For each href, the remembered target (`.some(nil)`: remembered as not followed), or nil
    /// when unknown or when the href is nil (one that must be resolved against the page).
    func lookup(_ keys: [String?], origin: String) -> [ResolvedHref??] {
        state.withLock { s in
            guard let table = s.tables[origin] else { return Array(repeating: nil, count: keys.count) }
            return keys.map { key -> ResolvedHref?? in
                guard let key else { return nil }
                if let hit = table.newer[key] { return hit }
                guard let hit = table.older[key] else { return nil }
                table.insert(key, hit, half: half)
                return hit
            }
        }
    }

    /// Remembers what `dependsOnlyOnOrigin` hrefs resolve to under `origin`.
    func store(_ entries: [(href: String, target: ResolvedHref?)], origin: String) {
        guard !entries.isEmpty else { return }
        state.withLock { s in
            if s.tables[origin] == nil, s.tables.count >= originLimit { s.tables.removeAll() }
            let table = s.tables[origin] ?? Generations()
            s.tables[origin] = table
            for e in entries { table.insert(e.href, e.target, half: half) }
        }
    }

    var count: Int { state.withLock { $0.tables.values.reduce(0) { $0 + $1.count } } }
}

extension URLResolver {
    /// True when resolving `href` against any base gives a result that depends only on the
    /// base's scheme and authority: it has a scheme (`https:…`, `javascript:…`), starts with
    /// `/` (`/path`, `//host/path`) or `#` (never followed). Decided on the raw text: a first
    /// byte that is not a control or space survives the URL parser's trimming, and a scheme
    /// spelled without tabs or newlines is the scheme it reads. Anything else may be relative:
    /// not cached.
    static func dependsOnlyOnOrigin(_ href: String) -> Bool {
        let u = href.utf8
        guard let first = u.first else { return true }  // empty: never followed
        if first == UInt8(ascii: "/") || first == UInt8(ascii: "#") { return true }
        guard first.isASCIILetter else { return false }
        for (i, c) in u.enumerated().dropFirst() {
            if c == UInt8(ascii: ":") {
                // `http:foo` and `https:/foo` are relative to a base of the same scheme (the
                // URL Standard's special relative state): only `http://`-like forms are not.
                guard isSpecialScheme(u.prefix(i)) else { return true }
                let rest = u.dropFirst(i + 1)
                return rest.count >= 2 && rest.prefix(2).allSatisfy { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }
            }
            let schemeChar = c.isASCIILetter || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E
            if !schemeChar { return false }
        }
        return false
    }

    private static func isSpecialScheme(_ s: Substring.UTF8View) -> Bool {
        let lower = s.map { $0 | 0x20 }
        return lower.elementsEqual("http".utf8) || lower.elementsEqual("https".utf8)
    }

    /// The part of a base URL that `dependsOnlyOnOrigin` hrefs resolve against, as a cache key.
    static func originKey(_ base: WebURL) -> String {
        String(base.schemeAndAuthority)
    }
}
