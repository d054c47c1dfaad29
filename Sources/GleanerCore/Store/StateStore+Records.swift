import Foundation
import GRDB
import GleanerModel

/// The current revision of one record identity.
public struct RecordState: Sendable, Hashable {
    public var revision: Int
    public var contentHash: ContentHash
    public var firstSeen: Date
    public var lastSeen: Date

    public init(revision: Int, contentHash: ContentHash, firstSeen: Date, lastSeen: Date) {
        self.revision = revision
        self.contentHash = contentHash
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

extension StateStore {
    public func recordState(_ key: RecordKey) throws -> RecordState? {
        try read { db in try Self.fetchRecordState(db, key) }
    }

    public func recordState(_ key: RecordKey) async throws -> RecordState? {
        try await readAsync { db in try Self.fetchRecordState(db, key) }
    }

    /// When an identity was first emitted (the daemon revisits articles at +1 h and +24 h).
    public func firstSeen(_ key: RecordKey) async throws -> Date? {
        try await recordState(key)?.firstSeen
    }

    /// Current states for many keys in one read (dedup of a batch).
    public func recordStates(_ keys: some Collection<RecordKey>) throws -> [RecordKey: RecordState] {
        try read { db in
            var out: [RecordKey: RecordState] = [:]
            for key in keys where out[key] == nil {
                if let s = try Self.fetchRecordState(db, key) { out[key] = s }
            }
            return out
        }
    }

    public func recordCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM records") ?? 0 }
    }

    static func fetchRecordState(_ db: Database, _ key: RecordKey) throws -> RecordState? {
        let statement = try db.cachedStatement(sql: """
            SELECT revision, content_hash, first_seen, last_seen FROM records WHERE site = ? AND type = ? AND id = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [key.site, key.type.rawValue, key.id]) else { return nil }
        return RecordState(revision: row[0], contentHash: ContentHash(bytes: row[1]),
                           firstSeen: Date(unixSeconds: row[2]), lastSeen: Date(unixSeconds: row[3]))
    }

    static func upsertRecord(_ db: Database, key: RecordKey, revision: Int, hash: ContentHash, seen: Date) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO records (site, type, id, revision, content_hash, first_seen, last_seen)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
            ON CONFLICT (site, type, id) DO UPDATE SET
                revision = excluded.revision, content_hash = excluded.content_hash,
                last_seen = max(last_seen, excluded.last_seen)
            """)
        try statement.execute(arguments: [key.site, key.type.rawValue, key.id, revision, hash.bytes, seen.unixSeconds])
    }

    static func touchRecord(_ db: Database, key: RecordKey, seen: Date) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE records SET last_seen = max(last_seen, ?4) WHERE site = ?1 AND type = ?2 AND id = ?3
            """)
        try statement.execute(arguments: [key.site, key.type.rawValue, key.id, seen.unixSeconds])
    }
}
