import Foundation
import GleanerModel

/// One fetched and parsed page, the unit the crawl stage hands to `OutputPipeline.commit`.
///
/// A page commits as a whole: its URL state and its records land together, or (after a crash)
/// not at all, in which case the page is simply fetched again.
public struct PageResult: Sendable {
    public var url: String
    /// The configured source that scheduled the fetch (counters in `gleaner status`).
    public var source: String?
    public var fetchedAt: Date
    /// HTTP status; 304 keeps the stored validators and content hash when the response omits them.
    public var status: Int
    public var etag: String?
    public var lastModified: String?
    /// Hash of the page body, as the crawl stage computes it (opaque here).
    public var contentHash: String?
    public var records: [Record]
    public var rejects: [RejectedRecord]

    public init(url: String, source: String? = nil, fetchedAt: Date, status: Int = 200, etag: String? = nil,
                lastModified: String? = nil, contentHash: String? = nil, records: [Record] = [],
                rejects: [RejectedRecord] = []) {
        self.url = url
        self.source = source
        self.fetchedAt = fetchedAt
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.contentHash = contentHash
        self.records = records
        self.rejects = rejects
    }
}

/// What one commit did.
public struct CommitSummary: Sendable, Hashable {
    public var pages = 0
    /// New records and new revisions written, per type.
    public var emitted: [RecordType: Int] = [:]
    /// Records whose content was already emitted (dropped).
    public var unchanged = 0
    public var rejected = 0
    /// Bytes appended across all files.
    public var bytes = 0

    public init() {}

    public var emittedTotal: Int { emitted.values.reduce(0, +) }
}
