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

    /// Splits on bytes: a list page's ~100 links are read on every 304, so no Character walk.
    static func decodeLinks(_ text: String) -> [StoredLink] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [StoredLink] = []
            // A page's links share a few kinds: one String each, not one per link.
            var kinds: [String] = []
            var start = 0, tab = -1
            for i in 0..<bytes.count {
                switch bytes[i] {
                case 0x09 where tab < 0: tab = i
                case 0x0A:
                    if tab > start {
                        let kindBytes = UnsafeBufferPointer(rebasing: bytes[start..<tab])
                        let kind = kinds.first { $0.utf8.elementsEqual(kindBytes) }
                            ?? { kinds.append(String(decoding: kindBytes, as: UTF8.self)); return kinds[kinds.count - 1] }()
                        out.append(StoredLink(url: String(decoding: UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<i]), as: UTF8.self),
                                              pageKind: kind))
                    }
                    start = i + 1
                    tab = -1
                default: break
                }
            }
            return out
        }
    }
}
