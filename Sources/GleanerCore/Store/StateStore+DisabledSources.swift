import Foundation

/// A configured source that does not run because its parser did not load, as the last process
/// that loaded the configuration (the daemon, or `gleaner once`) found it.
public struct DisabledSource: Sendable, Hashable, Codable {
    public var source: String
    public var parser: String
    /// The parser's first error (`file:line: key: message`) and how many there are in all.
    public var error: String
    public var errorCount: Int

    public init(source: String, parser: String, error: String, errorCount: Int) {
        self.source = source
        self.parser = parser
        self.error = error
        self.errorCount = errorCount
    }

    enum CodingKeys: String, CodingKey {
        case source, parser, error
        case errorCount = "error_count"
    }
}

extension StateStore {
    static let disabledSourcesKey = "disabled_sources"

    /// Replaces the list of disabled sources (kept as one JSON row in `meta`, so `gleaner status`
    /// shows it without a schema change).
    public func setDisabledSources(_ sources: [DisabledSource]) async throws {
        let json = String(decoding: try JSONEncoder().encode(sources), as: UTF8.self)
        try await writeAsync { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [Self.disabledSourcesKey, json])
        }
    }

    /// The disabled sources last recorded (empty when none, or never recorded).
    public func disabledSources() throws -> [DisabledSource] {
        guard let json = try meta(Self.disabledSourcesKey) else { return [] }
        return try JSONDecoder().decode([DisabledSource].self, from: Data(json.utf8))
    }
}
