import Foundation
import Synchronization

/// First-seen and last-fetched times of article pages as this store last committed them, so
/// that a list page answering 304 on every run offers its article links to the frontier
/// without a SQLite read (`fetchTimes` ran once for every list page of every run).
///
/// Kept exact the way `LookupCache` is: every write to `urls` goes through this `StateStore`;
/// after a commit, entries of the URLs it fetched take the new fetch time (`first_seen` never
/// changes on an update), and a prune or a failed write empties the cache. A read fills entries
/// only if no write landed while it read (the generation moved), so a time read before a
/// commit never outlives it. Only found rows are kept: a URL never fetched is asked of the
/// database again, so a first crawl adds nothing. At most `capacity` entries.
final class FetchTimesCache: Sendable {
    typealias Times = (firstSeen: Date, fetchedAt: Date)

    private struct State {
        var entries: [String: Times] = [:]
        /// Moves with every write; a fill from a read that overlapped one is dropped.
        var generation: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 65_536) {
        self.capacity = capacity
    }

    /// The cached times of `urls` (into `found`), the URLs to read from the database, and the
    /// generation to hand back to `fill` with what that read found.
    func get(_ urls: [String], into found: inout [String: Times]) -> (missing: [String], generation: UInt64) {
        state.withLock { s in
            var missing: [String] = []
            for url in urls {
                if let t = s.entries[url] { found[url] = t } else { missing.append(url) }
            }
            return (missing, s.generation)
        }
    }

    func fill(_ read: [String: Times], generation: UInt64) {
        guard !read.isEmpty else { return }
        state.withLock { s in
            guard s.generation == generation else { return }
            for (url, t) in read where s.entries.count < capacity || s.entries[url] != nil { s.entries[url] = t }
        }
    }

    /// After a commit's URL upserts: a known URL's fetch time moves, its first-seen stays.
    func applied(_ fetches: [StoreCommit.Fetch]) {
        state.withLock { s in
            s.generation &+= 1
            guard !s.entries.isEmpty else { return }
            for f in fetches where s.entries[f.url] != nil { s.entries[f.url]?.fetchedAt = f.fetchedAt }
        }
    }

    /// After a prune (rows deleted by age, not by URL) or a failed write.
    func removeAll() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll()
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
