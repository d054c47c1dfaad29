import Foundation

/// First-seen and last-fetched times of article pages, so that a list page answering 304 on
/// every run offers its article links to the frontier without a SQLite read (`fetchTimes` ran
/// once for every list page of every run).
typealias FetchTimesCache = CommittedCopy<(firstSeen: Date, fetchedAt: Date)>

extension CommittedCopy where Value == (firstSeen: Date, fetchedAt: Date) {
    convenience init() { self.init(capacity: 65_536) }

    /// After a commit's URL upserts: a known URL's fetch time moves, its first-seen stays.
    func applied(_ fetches: [StoreCommit.Fetch]) {
        written { entries in
            for f in fetches where entries[f.url] != nil { entries[f.url]?.fetchedAt = f.fetchedAt }
        }
    }
}
