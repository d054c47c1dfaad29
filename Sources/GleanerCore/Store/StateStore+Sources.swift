import Foundation
import GRDB
import GleanerModel

/// The schedule and counters of one configured source.
public struct SourceState: Sendable, Hashable {
    public var name: String
    public var nextRunAt: Date?
    public var lastRunAt: Date?
    /// A short human outcome of the last run, e.g. `ok`, `http 503`, `timeout`.
    public var lastOutcome: String?
    /// Failures in a row; the scheduler's backoff grows with it and a success resets it.
    public var consecutiveFailures: Int
    public var pagesFetched: Int
    /// Records emitted per type (new revisions only), counted at commit.
    public var emitted: [RecordType: Int]
    public var unchanged: Int
    public var rejected: Int

    public init(name: String, nextRunAt: Date? = nil, lastRunAt: Date? = nil, lastOutcome: String? = nil,
                consecutiveFailures: Int = 0, pagesFetched: Int = 0, emitted: [RecordType: Int] = [:],
                unchanged: Int = 0, rejected: Int = 0) {
        self.name = name
        self.nextRunAt = nextRunAt
        self.lastRunAt = lastRunAt
        self.lastOutcome = lastOutcome
        self.consecutiveFailures = consecutiveFailures
        self.pagesFetched = pagesFetched
        self.emitted = emitted
        self.unchanged = unchanged
        self.rejected = rejected
    }
}

extension StateStore {
    public func sourceState(_ name: String) throws -> SourceState? {
        try read { db in try Self.fetchSources(db, name: name).first }
    }

    public func sourceState(_ name: String) async throws -> SourceState? {
        try await readAsync { db in try Self.fetchSources(db, name: name).first }
    }

    public func allSources() throws -> [SourceState] {
        try read { db in try Self.fetchSources(db, name: nil) }
    }

    /// Records the end of a run: when it ran, what came of it, when to run next.
    public func updateSource(_ name: String, lastRunAt: Date, outcome: String, nextRunAt: Date,
                             consecutiveFailures: Int) throws {
        try write { db in try Self.upsertSource(db, name, lastRunAt, outcome, nextRunAt, consecutiveFailures) }
    }

    public func updateSource(_ name: String, lastRunAt: Date, outcome: String, nextRunAt: Date,
                             consecutiveFailures: Int) async throws {
        try await writeAsync { db in try Self.upsertSource(db, name, lastRunAt, outcome, nextRunAt, consecutiveFailures) }
    }

    private static func upsertSource(_ db: Database, _ name: String, _ lastRunAt: Date, _ outcome: String,
                                     _ nextRunAt: Date, _ failures: Int) throws {
        // Cached: the daemon runs this after every run (parsing it each time showed in profiles).
        let statement = try DirectStatement(db, sql: """
            INSERT INTO sources (name, last_run_at, last_outcome, next_run_at, consecutive_failures)
            VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, last_outcome = excluded.last_outcome,
                next_run_at = excluded.next_run_at, consecutive_failures = excluded.consecutive_failures
            """)
        try statement.bind(1, name)
        try statement.bind(2, lastRunAt.unixSeconds)
        try statement.bind(3, outcome)
        try statement.bind(4, nextRunAt.unixSeconds)
        try statement.bind(5, failures)
        try statement.run()
    }

    static func countPages(_ db: Database, source: String, _ pages: Int) throws {
        let statement = try DirectStatement(db, sql: """
            INSERT INTO sources (name, pages_fetched) VALUES (?1, ?2)
            ON CONFLICT (name) DO UPDATE SET pages_fetched = pages_fetched + ?2
            """)
        try statement.bind(1, source)
        try statement.bind(2, pages)
        try statement.run()
    }

    static func countRecords(_ db: Database, source: String, type: String, emitted: Int, unchanged: Int, rejected: Int) throws {
        let statement = try DirectStatement(db, sql: """
            INSERT INTO source_records (source, type, emitted, unchanged, rejected) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (source, type) DO UPDATE SET emitted = emitted + ?3, unchanged = unchanged + ?4,
                rejected = rejected + ?5
            """)
        try statement.bind(1, source)
        try statement.bind(2, type)
        try statement.bind(3, emitted)
        try statement.bind(4, unchanged)
        try statement.bind(5, rejected)
        try statement.run()
    }

    /// A stored UNIX time between 1970 and 9999, else nil.
    static func storedDate(_ row: Row, _ column: String) -> Date? {
        guard let t = Double.fromDatabaseValue(row[column]), t.isFinite, t >= 0, t < 253_402_300_800 else { return nil }
        return Date(unixSeconds: t)
    }

    static func fetchSources(_ db: Database, name: String?) throws -> [SourceState] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM sources WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
                                    arguments: [name])
        var sources: [String: SourceState] = [:]
        var order: [String] = []
        for row in rows {
            let n: String = row["name"]
            order.append(n)
            // A schedule row is read defensively (a corrupt or hand-edited value must not trap):
            // an impossible date reads as unknown, which makes the source due.
            sources[n] = SourceState(
                name: n, nextRunAt: Self.storedDate(row, "next_run_at"), lastRunAt: Self.storedDate(row, "last_run_at"),
                lastOutcome: String.fromDatabaseValue(row["last_outcome"]),
                consecutiveFailures: max(0, Int.fromDatabaseValue(row["consecutive_failures"]) ?? 0),
                pagesFetched: max(0, Int.fromDatabaseValue(row["pages_fetched"]) ?? 0))
        }
        let counts = try Row.fetchAll(db, sql: "SELECT * FROM source_records WHERE ?1 IS NULL OR source = ?1",
                                      arguments: [name])
        for row in counts {
            let source: String = row["source"]
            guard sources[source] != nil else { continue }
            let emitted: Int = row["emitted"]
            let type = RecordType(rawValue: row["type"]); sources[source]!.emitted[type, default: 0] += emitted
            sources[source]!.unchanged += row["unchanged"] as Int
            sources[source]!.rejected += row["rejected"] as Int
        }
        return order.compactMap { sources[$0] }
    }
}
