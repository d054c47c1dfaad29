import Foundation
import GRDB

/// What a prune removed.
public struct PruneSummary: Sendable, Hashable {
    public var urls: Int
    public var records: Int

    public init(urls: Int, records: Int) {
        self.urls = urls
        self.records = records
    }
}

extension StateStore {
    /// Default retention: entries not seen for 90 days are forgotten (a record seen again after
    /// that counts as new, revision 1).
    public static let defaultRetention: TimeInterval = 90 * 24 * 3600

    /// Deletes URLs and record identities whose `last_seen` is before `cutoff`.
    @discardableResult
    public func prune(olderThan cutoff: Date) throws -> PruneSummary {
        // Rows go by age, not by URL: the in-memory copies of lookups are dropped whole.
        defer { forgetCopies() }
        return try write { db in
            try db.execute(sql: "DELETE FROM urls WHERE last_seen < ?", arguments: [cutoff.unixSeconds])
            let urls = db.changesCount
            try db.execute(sql: "DELETE FROM page_links WHERE url NOT IN (SELECT url FROM urls)")
            try db.execute(sql: "DELETE FROM records WHERE last_seen < ?", arguments: [cutoff.unixSeconds])
            return PruneSummary(urls: urls, records: db.changesCount)
        }
    }

    @discardableResult
    public func prune(olderThan cutoff: Date) async throws -> PruneSummary {
        defer { forgetCopies() }
        return try await writeAsync { db in
            try db.execute(sql: "DELETE FROM urls WHERE last_seen < ?", arguments: [cutoff.unixSeconds])
            let urls = db.changesCount
            try db.execute(sql: "DELETE FROM page_links WHERE url NOT IN (SELECT url FROM urls)")
            try db.execute(sql: "DELETE FROM records WHERE last_seen < ?", arguments: [cutoff.unixSeconds])
            return PruneSummary(urls: urls, records: db.changesCount)
        }
    }
}
