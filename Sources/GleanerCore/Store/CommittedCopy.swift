import Synchronization

/// Rows of the state database, by URL, as this store last committed them: what the crawl asks
/// for on every run (list pages' lookups, article fetch times) is answered from memory.
///
/// Exact because every write goes through this `StateStore` (one writing process per state
/// directory: `DirectoryLock`): after a write commits, the store updates the entries it touched
/// the way its SQL changed the rows (`written`), and a prune or a failed write empties the copy.
/// A miss reads the database and fills the entry, unless a write landed while it read (the
/// generation moved), so a value read before a commit never outlives it. Only rows found are
/// kept (a first crawl adds nothing), at most `capacity` of them.
final class CommittedCopy<Value: Sendable>: Sendable {
    /// What a lookup that missed hands back to `fill` with what the database said.
    struct Miss: Error {
        let generation: UInt64
    }

    private struct State {
        var entries: [String: Value] = [:]
        /// Moves with every write.
        var generation: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    func get(_ url: String) -> Result<Value, Miss> {
        state.withLock { s in
            if let hit = s.entries[url] { return .success(hit) }
            return .failure(Miss(generation: s.generation))
        }
    }

    /// The copies of `urls` (into `found`) and the URLs to read from the database.
    func get(_ urls: [String], into found: inout [String: Value]) -> (missing: [String], miss: Miss) {
        state.withLock { s in
            var missing: [String] = []
            for url in urls {
                if let hit = s.entries[url] { found[url] = hit } else { missing.append(url) }
            }
            return (missing, Miss(generation: s.generation))
        }
    }

    /// Keeps rows read after `miss`, unless a write landed since.
    func fill(_ read: [String: Value], after miss: Miss) {
        guard !read.isEmpty else { return }
        state.withLock { s in
            guard s.generation == miss.generation else { return }
            for (url, value) in read where s.entries.count < capacity || s.entries[url] != nil { s.entries[url] = value }
        }
    }

    /// After a write committed: `update` changes the entries it touched as its SQL changed the rows.
    func written(_ update: (inout [String: Value]) -> Void) {
        state.withLock { s in
            s.generation &+= 1
            if !s.entries.isEmpty { update(&s.entries) }
        }
    }

    /// After a prune (rows deleted by a rule, not by URL) or a failed write.
    func removeAll() {
        written { $0.removeAll() }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
