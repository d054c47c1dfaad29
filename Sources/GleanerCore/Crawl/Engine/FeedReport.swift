/// What a run's feeds and sitemaps gave: part of `RunReport`, shown in its summary line and
/// counted in `gleaner_feed_entries_total`.
public struct FeedReport: Sendable, Equatable {
    /// Feed and sitemap documents read (fetched, or answered 304).
    public var documents = 0
    /// Distinct entry URLs the documents listed.
    public var found = 0
    /// Entries queued for fetching.
    public var followed = 0
    /// Entries not fetched: their date says they have not changed since their last fetch, or
    /// (undated) their revisit is not due.
    public var unchanged = 0
    /// Entries outside the source: another host, no page kind of the parser, or `allow`/`deny`.
    public var outOfScope = 0
    /// Entries not followed because the run's `max_pages` was spent.
    public var overBudget = 0
    /// Sitemaps not read: deeper than `sitemap_max_depth` or past `sitemap_max_files`.
    public var sitemapsSkipped = 0

    public init() {}

    /// `feeds: 2 documents, 40 entries: 12 followed, 27 unchanged, 1 out of scope`.
    public var summary: String {
        var s = "feeds: \(documents) document\(documents == 1 ? "" : "s"), \(found) entries: \(followed) followed, \(unchanged) unchanged, \(outOfScope) out of scope"
        if overBudget > 0 { s += ", \(overBudget) over max_pages" }
        if sitemapsSkipped > 0 { s += ", \(sitemapsSkipped) sitemaps past sitemap_max_depth/sitemap_max_files" }
        return s
    }
}
