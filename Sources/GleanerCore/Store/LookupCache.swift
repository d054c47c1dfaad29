import Synchronization

/// The validators and stored links of list pages as this store last committed them, so that a
/// list page answering 304 on every run costs no SQLite read at all.
///
/// Coherent because every write to `urls` and `page_links` goes through this `StateStore` (the
/// output pipeline is the database's only writer): after each write commits, the entries it
/// touched are updated the way its SQL changed the rows (`applied`, `savedLinks`), and a prune
/// empties the cache. A miss reads the database and fills the entry, unless a write landed while
/// it read (the generation moved), so a value read before a commit never outlives it. Only
/// found rows are kept (a first crawl adds nothing), at most `capacity` of them.
final class LookupCache: Sendable {
    private struct State {
        var entries: [String: PageLookup] = [:]
        /// Moves with every write; a fill from a read that overlapped one is dropped.
        var generation: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The cached lookup, or the generation to hand back to `fill` after reading the database.
    func get(_ url: String) -> Result<PageLookup, Miss> {
        state.withLock { s in
            if let hit = s.entries[url] { return .success(hit) }
            return .failure(Miss(generation: s.generation))
        }
    }

    /// Those of `urls` not in the copy, and the generation to hand back to `fill`.
    func missing(_ urls: [String]) -> (urls: [String], miss: Miss) {
        state.withLock { s in (urls.filter { s.entries[$0] == nil }, Miss(generation: s.generation)) }
    }

    struct Miss: Error {
        let generation: UInt64
    }

    func fill(_ url: String, _ lookup: PageLookup, after miss: Miss) {
        guard lookup.validators != nil || lookup.links != nil else { return }
        state.withLock { s in
            guard s.generation == miss.generation, s.entries.count < capacity else { return }
            s.entries[url] = lookup
        }
    }

    /// After a commit's URL upserts: the same rule as `upsertURL`'s SQL — a 304 keeps the stored
    /// validator where the response omits it, any other status replaces both.
    func applied(_ fetches: [StoreCommit.Fetch]) {
        state.withLock { s in
            s.generation &+= 1
            guard !s.entries.isEmpty else { return }
            for f in fetches {
                guard var entry = s.entries[f.url] else { continue }
                var etag = f.etag, lastModified = f.lastModified
                if f.status == 304 {
                    etag = etag ?? entry.validators?.etag
                    lastModified = lastModified ?? entry.validators?.lastModified
                }
                entry.validators = etag == nil && lastModified == nil ? nil : Validators(etag: etag, lastModified: lastModified)
                s.entries[f.url] = entry
            }
        }
    }

    /// After `saveLinks`: the pages' links are replaced.
    func savedLinks(_ pages: [(url: String, links: [StoredLink])]) {
        state.withLock { s in
            s.generation &+= 1
            guard !s.entries.isEmpty else { return }
            for page in pages where s.entries[page.url] != nil { s.entries[page.url]?.links = page.links }
        }
    }

    /// After a prune (rows deleted by a rule, not by URL) or a failed write.
    func removeAll() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll()
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
