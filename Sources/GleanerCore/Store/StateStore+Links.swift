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

extension StateStore {
    /// The links a page had when it was last fetched in full, nil when none were stored.
    /// A list page that answers 304 leads to these, in a later run and after a restart alike.
    public func links(of url: String) async throws -> [StoredLink]? {
        try await readAsync { db in
            try String.fetchOne(db, sql: "SELECT links FROM page_links WHERE url = ?", arguments: [url])
                .map(Self.decodeLinks)
        }
    }

    /// Replaces the stored links of each page, in one transaction.
    public func saveLinks(_ pages: [(url: String, links: [StoredLink])]) async throws {
        guard !pages.isEmpty else { return }
        try await writeAsync { db in
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO page_links (url, links) VALUES (?, ?)")
            for page in pages {
                try statement.execute(arguments: [page.url, Self.encodeLinks(page.links)])
            }
        }
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

    static func decodeLinks(_ text: String) -> [StoredLink] {
        text.split(separator: "\n").compactMap { line -> StoredLink? in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return StoredLink(url: String(parts[1]), pageKind: String(parts[0]))
        }
    }
}
