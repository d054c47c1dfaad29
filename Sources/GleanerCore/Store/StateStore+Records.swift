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
    ///
    /// One statement for the whole batch: the keys go in as a JSON array that `json_each` walks,
    /// each one a primary-key search. A statement per key cost several microseconds each in
    /// GRDB's per-fetch overhead. Read on the writer connection: its page cache survives the
    /// pipeline's own commits, while a reader connection drops its cache after every write.
    public func recordStates(_ keys: some Collection<RecordKey>) throws -> [RecordKey: RecordState] {
        let keys = Array(keys)
        guard !keys.isEmpty else { return [:] }
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (i, key) in keys.enumerated() {
            json.append(contentsOf: i == 0 ? Array("[".utf8) : Array(",[".utf8))
            JSONObjectWriter.appendString(key.site, to: &json)
            json.append(UInt8(ascii: ","))
            JSONObjectWriter.appendString(key.type.rawValue, to: &json)
            json.append(UInt8(ascii: ","))
            JSONObjectWriter.appendString(key.id, to: &json)
            json.append(UInt8(ascii: "]"))
        }
        json.append(UInt8(ascii: "]"))
        let list = String(decoding: json, as: UTF8.self)
        return try readOnWriter { db in
            // CROSS JOIN keeps the key list as the outer loop (one search per key, never a scan).
            // json_extract rather than `->>`, which needs SQLite 3.38.
            let statement = try db.cachedStatement(sql: """
                SELECT k.key, r.revision, r.content_hash, r.first_seen, r.last_seen
                FROM json_each(?) AS k CROSS JOIN records AS r
                    ON r.site = json_extract(k.value, '$[0]') AND r.type = json_extract(k.value, '$[1]')
                    AND r.id = json_extract(k.value, '$[2]')
                """)
            var out: [RecordKey: RecordState] = [:]
            let rows = try Row.fetchCursor(statement, arguments: [list])
            while let row = try rows.next() {
                out[keys[row[0]]] = RecordState(revision: row[1], contentHash: ContentHash(bytes: row[2]),
                                                firstSeen: Date(unixSeconds: row[3]), lastSeen: Date(unixSeconds: row[4]))
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
        let statement = try DirectStatement(db, sql: """
            INSERT INTO records (site, type, id, revision, content_hash, first_seen, last_seen)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
            ON CONFLICT (site, type, id) DO UPDATE SET
                revision = excluded.revision, content_hash = excluded.content_hash,
                last_seen = max(last_seen, excluded.last_seen)
            """)
        try statement.bind(1, key.site)
        try statement.bind(2, key.type.rawValue)
        try statement.bind(3, key.id)
        try statement.bind(4, revision)
        try statement.bind(5, hash.bytes)
        try statement.bind(6, seen.unixSeconds)
        try statement.run()
    }

    static func touchRecord(_ db: Database, key: RecordKey, seen: Date) throws {
        let statement = try DirectStatement(db, sql: """
            UPDATE records SET last_seen = max(last_seen, ?4) WHERE site = ?1 AND type = ?2 AND id = ?3
            """)
        try statement.bind(1, key.site)
        try statement.bind(2, key.type.rawValue)
        try statement.bind(3, key.id)
        try statement.bind(4, seen.unixSeconds)
        try statement.run()
    }
}
