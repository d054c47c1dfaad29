import Foundation
import GleanerModel
import GRDB

/// What the crawl stage asks before fetching a page.
public struct PageLookup: Sendable, Equatable {
    public var validators: Validators?
    /// Stored links (list pages only), nil when none were stored.
    public var links: [StoredLink]?

    public init(validators: Validators? = nil, links: [StoredLink]? = nil) {
        self.validators = validators
        self.links = links
    }

    /// Whether the database had anything for the page (the in-memory copy keeps only those).
    var isStored: Bool { validators != nil || links != nil }
}

extension StateStore {
    /// Validators and stored links of one URL in one read with cached statements. Synchronous,
    /// on the calling thread's reader connection; async callers go through `blocking(_:)`.
    ///
    /// List pages (`withLinks`) come from memory once read: they are asked for on every run,
    /// and this store's own commits keep the copy current (`LookupCache`).
    public func lookup(_ url: String, withLinks: Bool) throws -> PageLookup {
        guard withLinks, !isReadOnly else { return try read(url, withLinks: withLinks) }
        switch lookupCache.get(url) {
        case .success(let hit):
            return hit
        case .failure(let miss):
            let found = try read(url, withLinks: true)
            if found.isStored { lookupCache.fill([url: found], after: miss) }
            return found
        }
    }

    /// Reads the lookups of those list pages of `urls` the in-memory copy lacks, in one statement,
    /// and keeps what it finds: a run asks for its seeds (most of them list pages) at once, so a
    /// new process (`gleaner once`) reads them together instead of one by one on as many reader
    /// connections as pages in flight. Costs a dictionary lookup per URL once they are known.
    public func prefetchListPages(_ urls: some Sequence<String>, where isListPage: (String) -> Bool) throws {
        guard !isReadOnly else { return }
        var known: [String: PageLookup] = [:]
        let (unknown, miss) = lookupCache.get(Array(urls), into: &known)
        let missing = unknown.filter(isListPage)
        guard !missing.isEmpty else { return }
        let list = Self.jsonArray(missing)
        let found = try readUnisolated { db in
            let s = try db.cachedStatement(sql: """
                SELECT k.value, u.etag, u.last_modified, l.links FROM json_each(?) AS k
                LEFT JOIN urls AS u ON u.url = k.value LEFT JOIN page_links AS l ON l.url = k.value
                """)
            var out: [String: PageLookup] = [:]
            let rows = try Row.fetchCursor(s, arguments: [list])
            while let row = try rows.next() {
                var lookup = PageLookup()
                let etag: String? = row[1], lastModified: String? = row[2], links: String? = row[3]
                if etag != nil || lastModified != nil { lookup.validators = Validators(etag: etag, lastModified: lastModified) }
                lookup.links = links.map(Self.decodeLinks)
                if lookup.isStored { out[row[0]] = lookup }
            }
            return out
        }
        lookupCache.fill(found, after: miss)
    }

    /// `urls` as a JSON array for `json_each`.
    static func jsonArray(_ urls: [String]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (i, url) in urls.enumerated() {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            JSONObjectWriter.appendString(url, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    private func read(_ url: String, withLinks: Bool) throws -> PageLookup {
        // No BEGIN/COMMIT around it: each statement reads a consistent snapshot of its own,
        // and the two answer independent questions.
        try readUnisolated { db in
            var result = PageLookup()
            let v = try db.cachedStatement(sql: "SELECT etag, last_modified FROM urls WHERE url = ?")
            if let row = try Row.fetchOne(v, arguments: [url]) {
                let etag: String? = row[0], lastModified: String? = row[1]
                if etag != nil || lastModified != nil { result.validators = Validators(etag: etag, lastModified: lastModified) }
            }
            if withLinks {
                let l = try db.cachedStatement(sql: "SELECT links FROM page_links WHERE url = ?")
                result.links = try String.fetchOne(l, arguments: [url]).map(Self.decodeLinks)
            }
            return result
        }
    }

    /// First-seen and last-fetched times of those `urls` that were fetched before, in one read:
    /// the frontier asks for every new article link of a page at once. Times once read come
    /// from memory, kept current by this store's commits (`FetchTimesCache`).
    public func fetchTimes(_ urls: [String]) throws -> [String: (firstSeen: Date, fetchedAt: Date)] {
        guard !urls.isEmpty else { return [:] }
        guard !isReadOnly else { return try readFetchTimes(urls) }
        var found: [String: (firstSeen: Date, fetchedAt: Date)] = [:]
        found.reserveCapacity(urls.count)
        let (missing, miss) = fetchTimesCache.get(urls, into: &found)
        guard !missing.isEmpty else { return found }
        let read = try readFetchTimes(missing)
        fetchTimesCache.fill(read, after: miss)
        found.merge(read) { _, new in new }
        return found
    }

    private func readFetchTimes(_ urls: [String]) throws -> [String: (firstSeen: Date, fetchedAt: Date)] {
        // One statement for the lot, as `recordStates` does: the URLs go in as a JSON array that
        // `json_each` walks, one primary-key search each (a statement per URL took and dropped
        // SQLite's WAL read lock around every single lookup).
        let list = Self.jsonArray(urls)
        return try readUnisolated { db in
            let s = try db.cachedStatement(sql: """
                SELECT k.value, u.first_seen, u.fetched_at FROM json_each(?) AS k CROSS JOIN urls AS u ON u.url = k.value
                """)
            var out: [String: (firstSeen: Date, fetchedAt: Date)] = [:]
            out.reserveCapacity(urls.count)
            let rows = try Row.fetchCursor(s, arguments: [list])
            while let row = try rows.next() {
                out[row[0]] = (Date(unixSeconds: row[1]), Date(unixSeconds: row[2]))
            }
            return out
        }
    }

    private func readUnisolated<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.unsafeRead(body) } catch let e as StoreError { throw e } catch {
            throw StoreError(kind: .query, path: path, detail: "\(error)")
        }
    }
}
