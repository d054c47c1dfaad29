import Foundation
import GRDB

/// The committed state of one output file. `path` is relative to the output directory and names
/// the sealed file (`article/article-2025-07-02T03.jsonl`); while open it is written as `path + ".open"`.
public struct OutputFileState: Sendable, Hashable {
    public enum State: String, Sendable { case open, sealed }

    public var path: String
    /// `article`, `weather`, `teaser` or `rejects`.
    public var stream: String
    /// The UTC period in the name, e.g. `2025-07-02T03` or `2025-07-02`.
    public var period: String
    public var periodEnd: Date
    /// 1 for the first file of a period; size rotation opens 2, 3, …
    public var sequence: Int
    public var state: State
    /// Bytes known to be complete and accounted for in this database.
    public var committedOffset: Int64
    public var recordCount: Int
    public var firstFetchedAt: Date?
    public var lastFetchedAt: Date?
    public var createdAt: Date
    public var sealedAt: Date?

    public init(path: String, stream: String, period: String, periodEnd: Date, sequence: Int, state: State,
                committedOffset: Int64, recordCount: Int, firstFetchedAt: Date?, lastFetchedAt: Date?,
                createdAt: Date, sealedAt: Date?) {
        self.path = path
        self.stream = stream
        self.period = period
        self.periodEnd = periodEnd
        self.sequence = sequence
        self.state = state
        self.committedOffset = committedOffset
        self.recordCount = recordCount
        self.firstFetchedAt = firstFetchedAt
        self.lastFetchedAt = lastFetchedAt
        self.createdAt = createdAt
        self.sealedAt = sealedAt
    }
}

extension StateStore {
    public func outputFiles(state: OutputFileState.State? = nil) throws -> [OutputFileState] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM output_files WHERE ?1 IS NULL OR state = ?1 ORDER BY path",
                             arguments: [state?.rawValue]).map(Self.outputFile(from:))
        }
    }

    public func outputFile(path: String) throws -> OutputFileState? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM output_files WHERE path = ?", arguments: [path]).map(Self.outputFile(from:))
        }
    }

    /// The highest sequence number used for `stream` in `period` (0 when none).
    public func maxSequence(stream: String, period: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT max(sequence) FROM output_files WHERE stream = ? AND period = ?",
                             arguments: [stream, period]) ?? 0
        }
    }

    /// Marks a file sealed (after it was renamed and its manifest written).
    public func markSealed(path: String, at date: Date) throws {
        try write { db in
            try db.execute(sql: "UPDATE output_files SET state = 'sealed', sealed_at = ? WHERE path = ?",
                           arguments: [date.unixSeconds, path])
        }
    }

    static func upsertOutputFile(_ db: Database, _ f: OutputFileState) throws {
        let statement = try DirectStatement(db, sql: """
            INSERT INTO output_files (path, stream, period, period_end, sequence, state, committed_offset, record_count,
                                      first_fetched_at, last_fetched_at, created_at, sealed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET state = excluded.state, committed_offset = excluded.committed_offset,
                record_count = excluded.record_count, first_fetched_at = excluded.first_fetched_at,
                last_fetched_at = excluded.last_fetched_at, sealed_at = excluded.sealed_at
            """)
        try statement.bind(1, f.path)
        try statement.bind(2, f.stream)
        try statement.bind(3, f.period)
        try statement.bind(4, f.periodEnd.unixSeconds)
        try statement.bind(5, f.sequence)
        try statement.bind(6, f.state.rawValue)
        try statement.bind(7, f.committedOffset)
        try statement.bind(8, f.recordCount)
        try statement.bind(9, f.firstFetchedAt?.unixSeconds)
        try statement.bind(10, f.lastFetchedAt?.unixSeconds)
        try statement.bind(11, f.createdAt.unixSeconds)
        try statement.bind(12, f.sealedAt?.unixSeconds)
        try statement.run()
    }

    static func outputFile(from row: Row) -> OutputFileState {
        OutputFileState(
            path: row["path"], stream: row["stream"], period: row["period"],
            periodEnd: Date(unixSeconds: row["period_end"]), sequence: row["sequence"],
            state: OutputFileState.State(rawValue: row["state"]) ?? .open,
            committedOffset: row["committed_offset"], recordCount: row["record_count"],
            firstFetchedAt: (row["first_fetched_at"] as Double?).map(Date.init(unixSeconds:)),
            lastFetchedAt: (row["last_fetched_at"] as Double?).map(Date.init(unixSeconds:)),
            createdAt: Date(unixSeconds: row["created_at"]),
            sealedAt: (row["sealed_at"] as Double?).map(Date.init(unixSeconds:)))
    }

    // MARK: - Meta

    public func meta(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }
}
