import Foundation
import GleanerModel

/// Everything one batch changes in the store, applied in ONE transaction after the output lines
/// are on disk (the commit protocol's last step).
public struct StoreCommit: Sendable {
    public struct Revision: Sendable {
        public var key: RecordKey
        public var revision: Int
        public var hash: ContentHash
        public var seen: Date
        public init(key: RecordKey, revision: Int, hash: ContentHash, seen: Date) {
            self.key = key
            self.revision = revision
            self.hash = hash
            self.seen = seen
        }
    }

    public struct Fetch: Sendable {
        public var url: String
        public var source: String?
        public var fetchedAt: Date
        public var status: Int
        public var etag: String?
        public var lastModified: String?
        public var contentHash: String?
        public init(url: String, source: String?, fetchedAt: Date, status: Int, etag: String?, lastModified: String?,
                    contentHash: String?) {
            self.url = url
            self.source = source
            self.fetchedAt = fetchedAt
            self.status = status
            self.etag = etag
            self.lastModified = lastModified
            self.contentHash = contentHash
        }
    }

    public struct SourceCount: Sendable, Hashable {
        public var source: String
        public var type: String
        public init(source: String, type: String) {
            self.source = source
            self.type = type
        }
    }

    /// New revisions (emitted records).
    public var revisions: [Revision] = []
    /// Unchanged records: only their `last_seen` moves (they stay out of pruning).
    public var seen: [(key: RecordKey, at: Date)] = []
    public var fetches: [Fetch] = []
    /// Every file appended to (or opened) in this batch, with its new committed offset.
    public var files: [OutputFileState] = []
    public var counts: [SourceCount: (emitted: Int, unchanged: Int, rejected: Int)] = [:]

    public init() {}
}

extension StateStore {
    public func apply(_ commit: StoreCommit) throws {
        // A record seen on many pages of a batch (a site-wide widget) is touched once, at its
        // latest time, and a source's pages are counted in one statement: same rows, fewer writes.
        var latestSeen: [RecordKey: Date] = [:]
        for s in commit.seen { latestSeen[s.key] = max(latestSeen[s.key] ?? s.at, s.at) }
        var pagesPerSource: [String: Int] = [:]
        for f in commit.fetches { if let source = f.source { pagesPerSource[source, default: 0] += 1 } }
        do {
            try writeTransaction { db in
                for r in commit.revisions {
                    try Self.upsertRecord(db, key: r.key, revision: r.revision, hash: r.hash, seen: r.seen)
                }
                for (key, at) in latestSeen { try Self.touchRecord(db, key: key, seen: at) }
                for f in commit.fetches {
                    try Self.upsertURL(db, url: f.url, fetchedAt: f.fetchedAt, status: f.status, etag: f.etag,
                                       lastModified: f.lastModified, contentHash: f.contentHash)
                }
                for (source, pages) in pagesPerSource { try Self.countPages(db, source: source, pages) }
                for file in commit.files { try Self.upsertOutputFile(db, file) }
                for (k, c) in commit.counts {
                    try Self.countRecords(db, source: k.source, type: k.type, emitted: c.emitted, unchanged: c.unchanged,
                                          rejected: c.rejected)
                }
            }
        } catch {
            // Rolled back; forget the copies rather than reason about what a failure left.
            forgetCopies()
            throw error
        }
        copiesApplied(commit.fetches)
    }
}
