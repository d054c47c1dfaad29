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
}

extension StateStore {
    /// Validators and stored links of one URL in one read with cached statements. Synchronous
    /// on purpose: a one-row lookup costs microseconds, less than the two thread hops an async
    /// read takes, and it runs once for every page of every run.
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
            lookupCache.fill(url, found, after: miss)
            return found
        }
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
    /// the frontier asks for every new article link of a page at once.
    public func fetchTimes(_ urls: [String]) throws -> [String: (firstSeen: Date, fetchedAt: Date)] {
        guard !urls.isEmpty else { return [:] }
        // One statement for the lot, as `recordStates` does: the URLs go in as a JSON array that
        // `json_each` walks, one primary-key search each (a statement per URL took and dropped
        // SQLite's WAL read lock around every single lookup).
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (i, url) in urls.enumerated() {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            JSONObjectWriter.appendString(url, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        let list = String(decoding: json, as: UTF8.self)
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
