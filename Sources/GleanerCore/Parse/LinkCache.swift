#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where an href leads once resolved against a page: the normalised URL and the page kind its
/// pattern matches (nil: a URL on the site's hosts that no kind matches, or another host).
struct ResolvedHref: Sendable {
    var url: String
    var kind: String?
}

/// Remembers, across pages, what hrefs resolve to when the answer does not depend on the
/// page's path: menus, sidebars and footers repeat the same ~100 links on every page of a
/// site, and resolving, normalising and classifying each costs thousands of instructions.
///
/// Only hrefs whose result depends on nothing but the base URL's scheme and authority are
/// kept (`URLResolver.dependsOnlyOnOrigin`), under that origin. Bounded by two generations of
/// `limit / 2` entries each: when the newer one fills, it becomes the older one and the oldest
/// is dropped, and a hit in the older one moves the entry to the newer. The links every page
/// repeats therefore stay, while links seen once (an article's own related articles) age out:
/// one table emptied when full needed 8,192 entries (2.7 MB at a crawl's peak) to hit as often
/// as two generations do in 4,096 (1.4 MB). Thread-safe: the crawl's parse workers share
/// one `SiteParser`, so a page takes the lock once to look up all of its hrefs and once to add
/// what it resolved.
final class LinkCache: Sendable {
    private final class Generations {
        var newer: [HrefKey: ResolvedHref?] = [:]
        var older: [HrefKey: ResolvedHref?] = [:]
        var count: Int { newer.count + older.count }

        /// Adds an owned key; a full newer generation becomes the older one first.
        func insert(_ key: HrefKey, _ target: ResolvedHref?, half: Int) {
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

    /// For each key, the remembered target (`.some(nil)`: remembered as not followed), or nil
    /// when unknown or when the key is nil (an href that must be resolved against the page).
    func lookup(_ keys: [HrefKey?], origin: String) -> [ResolvedHref??] {
        state.withLock { s in
            guard let table = s.tables[origin] else { return Array(repeating: nil, count: keys.count) }
            return keys.map { key -> ResolvedHref?? in
                guard let key else { return nil }
                if let hit = table.newer[key] { return hit }
                guard let hit = table.older[key] else { return nil }
                table.insert(key.owned(), hit, half: half)
                return hit
            }
        }
    }

    /// Remembers targets; keys are copied out of the page's tree first.
    func store(_ entries: [(key: HrefKey, target: ResolvedHref?)], origin: String) {
        guard !entries.isEmpty else { return }
        let owned = entries.map { (key: $0.key.owned(), target: $0.target) }
        state.withLock { s in
            if s.tables[origin] == nil, s.tables.count >= originLimit { s.tables.removeAll() }
            let table = s.tables[origin] ?? Generations()
            s.tables[origin] = table
            for e in owned { table.insert(e.key, e.target, half: half) }
        }
    }

    var count: Int { state.withLock { $0.tables.values.reduce(0) { $0 + $1.count } } }
}

/// The bytes of an href as a dictionary key. A lookup key borrows the bytes in libxml2's tree
/// (no copy, no String); only owned copies are ever stored in the cache.
struct HrefKey: Hashable, @unchecked Sendable {
    private enum Bytes {
        case borrowed(UnsafeRawBufferPointer)
        case owned([UInt8])
    }

    private let bytes: Bytes

    /// Borrows `bytes`: use only while they live (a lookup during one page).
    init(borrowing bytes: UnsafeRawBufferPointer) { self.bytes = .borrowed(bytes) }

    func owned() -> HrefKey {
        switch bytes {
        case .owned: return self
        case .borrowed(let b): return HrefKey(bytes: .owned(Array(b)))
        }
    }

    private init(bytes: Bytes) { self.bytes = bytes }

    private func withBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        switch bytes {
        case .borrowed(let b): return body(b)
        case .owned(let a): return a.withUnsafeBytes(body)
        }
    }

    func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: HrefKey, b: HrefKey) -> Bool {
        a.withBytes { x in
            b.withBytes { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}

extension URLResolver {
    /// True when resolving `href` against any base gives a result that depends only on the
    /// base's scheme and authority: it has a scheme (`https:…`, `javascript:…`), starts with
    /// `/` (`/path`, `//host/path`) or `#` (never followed). Decided on the raw bytes before
    /// `clean`: a first byte that is not whitespace or non-ASCII survives cleaning, and a
    /// scheme's characters are never touched by it. Anything else may be relative: not cached.
    static func dependsOnlyOnOrigin(_ href: UnsafeRawBufferPointer) -> Bool {
        guard let first = href.first else { return true }  // empty: never followed
        if first == UInt8(ascii: "/") || first == UInt8(ascii: "#") { return true }
        guard first.isASCIILetter else { return false }
        for c in href.dropFirst() {
            if c == UInt8(ascii: ":") { return true }
            let schemeChar = c.isASCIILetter || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E
            if !schemeChar { return false }
        }
        return false
    }

    /// The part of a base URL that `dependsOnlyOnOrigin` hrefs resolve against, as a cache key.
    static func originKey(_ base: Parts) -> String {
        // nil and empty differ in the key only to stay exact; \0 cannot occur in a scheme.
        (base.scheme.map { "s" + $0 } ?? "n") + "\u{0}" + (base.authority.map { "s" + $0 } ?? "n")
    }
}
