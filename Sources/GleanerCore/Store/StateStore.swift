import Foundation
import GRDB
import GleanerModel

/// gleaner's state in one SQLite file (WAL): URL fetch state, record revisions, committed output
/// offsets and source schedules.
///
/// Blocking SQLite work runs on GRDB's own serial writer queue and reader pool: the synchronous
/// methods block their caller, so async code calls them through `blocking(_:)` (the store's own
/// serial queue) or uses the `async` variants; neither blocks the cooperative pool.
public final class StateStore: Sendable {
    public let path: String
    public let isReadOnly: Bool
    /// A random id given to the database when it is created, also written beside the output it
    /// commits (`StatePairing`): nil only for an old database opened read-only.
    public let storeID: String?
    /// True when this open gave the database its id (a new database, or one from a gleaner
    /// that had no store ids).
    public let storeIDAssigned: Bool
    let pool: DatabasePool
    /// List pages' validators and links as last committed (see `lookup(_:withLinks:)`).
    let lookupCache = LookupCache()
    /// Article pages' first-seen and fetch times as last committed (see `fetchTimes(_:)`).
    let fetchTimesCache = FetchTimesCache()
    /// Where `blocking(_:)` runs the synchronous methods for async callers.
    let executor = BlockingExecutor(label: "gleaner.state")

    /// Runs synchronous store work (`lookup`, `fetchTimes`, `prefetchListPages`, ...) off the
    /// cooperative pool, on the store's own serial queue, and returns its result or error.
    public func blocking<T: Sendable>(_ body: @escaping @Sendable (StateStore) throws -> T) async throws -> T {
        try await executor.run { try body(self) }
    }

    /// After a commit's URL upserts: every in-memory copy follows the rows it changed.
    func copiesApplied(_ fetches: [StoreCommit.Fetch]) {
        lookupCache.applied(fetches)
        fetchTimesCache.applied(fetches)
    }

    /// After a prune (rows deleted by age, not by URL) or a failed write: every in-memory copy
    /// is dropped whole rather than reasoned about.
    func forgetCopies() {
        lookupCache.removeAll()
        fetchTimesCache.removeAll()
    }

    /// Opens (creating and migrating if needed) the database for the daemon.
    public convenience init(path: String) throws {
        try self.init(path: path, readOnly: false)
    }

    /// Opens an existing database read-only: safe while the daemon writes (WAL readers never
    /// block the writer). Used by `gleaner status`.
    public static func openReadOnly(path: String) throws -> StateStore {
        try StateStore(path: path, readOnly: true)
    }

    private init(path: String, readOnly: Bool) throws {
        self.path = path
        self.isReadOnly = readOnly
        var config = Configuration()
        config.readonly = readOnly
        config.label = "gleaner.state"
        config.busyMode = .timeout(5)
        if !readOnly {
            config.prepareDatabase { db in
                // NORMAL is durable across application crashes in WAL mode; a power loss may
                // lose the last commits, which recovery then refetches (offsets stay consistent).
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // 512 KB of page cache per connection instead of SQLite's 2 MB: a crawl's
                // lookups and commits touch few pages, and the OS caches the file anyway.
                try db.execute(sql: "PRAGMA cache_size = -512")
            }
        }
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(kind: .open, path: path, detail: "no state database here")
        }
        if !readOnly {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileModes.createDirectory(dir) }
            try Self.createFileIfMissing(path)
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw Self.openError(path, error)
        }
        if readOnly {
            do {
                // An old database has no meta table (nil); any other failure is the caller's to see.
                storeID = try pool.read { db in
                    guard try db.tableExists("meta") else { return nil }
                    return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.storeIDKey])
                }
            } catch {
                throw StoreError(kind: .open, path: path, detail: "reading the store id: \(error)")
            }
            storeIDAssigned = false
            try checkSchema()
        } else {
            try Self.checkIntegrity(pool, path: path)
            do { try Self.migrator.migrate(pool) } catch {
                throw StoreError(kind: .schema, path: path, detail: "migration failed: \(error)")
            }
            (storeID, storeIDAssigned) = try Self.assignStoreID(pool, path: path)
        }
    }

    private func checkSchema() throws {
        let known = Set(Self.migrator.migrations)
        let applied = try read { db in try Self.migrator.appliedIdentifiers(db) }
        if !applied.isSubset(of: known) {
            throw StoreError(kind: .schema, path: path,
                             detail: "written by a newer gleaner (unknown migrations \(applied.subtracting(known).sorted()))")
        }
    }

    /// Size of the database on disk: main file plus its WAL.
    public var sizeOnDisk: Int64 {
        [path, path + "-wal"].reduce(0) { total, p in
            total + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int64) ?? 0)
        }
    }

    // MARK: - Access with errors that name the file

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let e as StoreError { throw e } catch {
            throw StoreError(kind: .query, path: path, detail: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let e as StoreError { throw e } catch {
            throw StoreError(kind: .query, path: path, detail: "\(error)")
        }
    }

    func readAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch {
            throw StoreError(kind: .query, path: path, detail: "\(error)")
        }
    }

    func writeAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.write(body) } catch {
            throw StoreError(kind: .query, path: path, detail: "\(error)")
        }
    }
}

/// Dates are stored as UNIX seconds (REAL): compact and trivially comparable for pruning.
extension Date {
    var unixSeconds: Double { timeIntervalSince1970 }
    init(unixSeconds: Double) { self.init(timeIntervalSince1970: unixSeconds) }
}

extension StateStore {
    /// Folds the WAL back into the main file (after pruning, or to measure the database size).
    public func checkpoint() throws {
        // A checkpoint cannot run inside a transaction.
        do { try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) } } catch {
            throw StoreError(kind: .query, path: path, detail: "checkpoint: \(error)")
        }
    }
}
