import GleanerModel
import Foundation
import GRDB

/// What the store knows about one fetched URL.
public struct URLState: Sendable, Hashable {
    public var url: String
    public var fetchedAt: Date
    public var status: Int
    public var etag: String?
    public var lastModified: String?
    /// Hash of the page body as the crawl stage computed it (opaque to the store).
    public var contentHash: String?
    public var firstSeen: Date
    public var lastSeen: Date

    public init(url: String, fetchedAt: Date, status: Int, etag: String? = nil, lastModified: String? = nil,
                contentHash: String? = nil, firstSeen: Date, lastSeen: Date) {
        self.url = url
        self.fetchedAt = fetchedAt
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.contentHash = contentHash
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

extension StateStore {
    public func urlState(_ url: String) throws -> URLState? {
        try read { db in try Self.fetchURLState(db, url) }
    }

    public func urlState(_ url: String) async throws -> URLState? {
        try await readAsync { db in try Self.fetchURLState(db, url) }
    }

    /// The validators of the last successful fetch, nil when there are none to send.
    public func validators(for url: String) throws -> Validators? {
        try urlState(url).flatMap(Self.validators(of:))
    }

    public func validators(for url: String) async throws -> Validators? {
        try await urlState(url).flatMap(Self.validators(of:))
    }

    public func urlCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM urls") ?? 0 }
    }

    private static func validators(of s: URLState) -> Validators? {
        s.etag == nil && s.lastModified == nil ? nil : Validators(etag: s.etag, lastModified: s.lastModified)
    }

    static func fetchURLState(_ db: Database, _ url: String) throws -> URLState? {
        // Cached: the crawl looks up every link it finds, and preparing the statement each time
        // (with SQLite's authorizer called per column) cost more than the lookup.
        let statement = try db.cachedStatement(sql: """
            SELECT fetched_at, status, etag, last_modified, content_hash, first_seen, last_seen FROM urls WHERE url = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [url]) else { return nil }
        return URLState(
            url: url, fetchedAt: Date(unixSeconds: row[0]), status: row[1], etag: row[2], lastModified: row[3],
            contentHash: row[4], firstSeen: Date(unixSeconds: row[5]), lastSeen: Date(unixSeconds: row[6]))
    }

    /// Upserts one fetch. A 304 keeps the stored validators and hash when the response omits them.
    static func upsertURL(_ db: Database, url: String, fetchedAt: Date, status: Int, etag: String?,
                          lastModified: String?, contentHash: String?) throws {
        let statement = try DirectStatement(db, sql: """
            INSERT INTO urls (url, fetched_at, status, etag, last_modified, content_hash, first_seen, last_seen)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?2, ?2)
            ON CONFLICT (url) DO UPDATE SET
                fetched_at = excluded.fetched_at,
                status = excluded.status,
                etag = CASE WHEN excluded.status = 304 THEN coalesce(excluded.etag, etag) ELSE excluded.etag END,
                last_modified = CASE WHEN excluded.status = 304 THEN coalesce(excluded.last_modified, last_modified)
                                     ELSE excluded.last_modified END,
                content_hash = CASE WHEN excluded.status = 304 THEN coalesce(excluded.content_hash, content_hash)
                                    ELSE excluded.content_hash END,
                last_seen = max(last_seen, excluded.last_seen)
            """)
        try statement.bind(1, url)
        try statement.bind(2, fetchedAt.unixSeconds)
        try statement.bind(3, status)
        try statement.bind(4, etag)
        try statement.bind(5, lastModified)
        try statement.bind(6, contentHash)
        try statement.run()
    }
}
