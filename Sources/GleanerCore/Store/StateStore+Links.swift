import Foundation
import GRDB

/// A link a list page led to, as the crawl stage found it.
public struct StoredLink: Sendable, Hashable {
    public var url: String
    public var pageKind: String

    public init(url: String, pageKind: String) {
        self.url = url
        self.pageKind = pageKind
    }
}

/// Links of list pages, so that a list answering 304 still leads to its pages, in a later run
/// and after a restart alike (read back with `lookup(_:withLinks:)`).
extension StateStore {
    /// Replaces the stored links of each page, in one transaction.
    public func saveLinks(_ pages: [(url: String, links: [StoredLink])]) async throws {
        guard !pages.isEmpty else { return }
        do {
            try await writeAsync { db in
                let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO page_links (url, links) VALUES (?, ?)")
                for page in pages {
                    try statement.execute(arguments: [page.url, Self.encodeLinks(page.links)])
                }
            }
        } catch {
            lookupCache.removeAll()
            throw error
        }
        lookupCache.savedLinks(pages)
    }

    /// One `kind<TAB>url` line per link: URLs never hold a tab or newline once normalised,
    /// and the text stays readable with the sqlite3 shell.
    static func encodeLinks(_ links: [StoredLink]) -> String {
        var out = ""
        out.reserveCapacity(links.count * 64)
        for link in links {
            out += link.pageKind
            out += "\t"
            out += link.url
            out += "\n"
        }
        return out
    }

    /// Splits on bytes with memchr: a list page's ~60 links are read on every 304 that misses
    /// the in-memory copy (every list page of a `gleaner once`), so no Character walk.
    static func decodeLinks(_ text: String) -> [StoredLink] {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return [] }
            var out: [StoredLink] = []
            var start = 0
            while start < bytes.count {
                let rest = bytes.count - start
                guard let newline = memchr(base + start, 0x0A, rest) else { break }
                let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                if let tab = memchr(base + start, 0x09, end - start) {
                    let t = base.distance(to: tab.assumingMemoryBound(to: UInt8.self))
                    if t > start {
                        out.append(StoredLink(url: String(decoding: UnsafeBufferPointer(start: base + t + 1, count: end - t - 1), as: UTF8.self),
                                              pageKind: String(decoding: UnsafeBufferPointer(start: base + start, count: t - start), as: UTF8.self)))
                    }
                }
                start = end + 1
            }
            return out
        }
    }
}
