import Foundation
import Synchronization

/// The counters gleaner exposes, shared by the crawl engine and the daemon. Thread-safe; the
/// daemon renders it in Prometheus text format (`MetricsFile`) after every run.
public final class CrawlMetrics: Sendable {
    /// A metric family: name, help text, type.
    public struct Family: Sendable, Hashable {
        public let name: String
        public let help: String
        public let type: String

        public static let fetches = Family(name: "gleaner_fetches_total", help: "Fetches by outcome kind (ok, not_modified, http_4xx, http_5xx, timeout, dns, connect, tls, too_large, robots, ...).", type: "counter")
        public static let bytes = Family(name: "gleaner_fetched_bytes_total", help: "Response body bytes received.", type: "counter")
        public static let records = Family(name: "gleaner_records_total", help: "Records by site, type and outcome (emitted, unchanged, rejected).", type: "counter")
        public static let robotsDenied = Family(name: "gleaner_robots_denied_total", help: "URLs not fetched because robots.txt disallows them.", type: "counter")
        public static let pageErrors = Family(name: "gleaner_page_errors_total", help: "Pages that failed, by source and stage (fetch, parse, store).", type: "counter")
        public static let requiredFieldMissing = Family(name: "gleaner_required_field_missing_total", help: "Records rejected because a required field was missing, by site and field (parser health).", type: "counter")
        public static let storeErrors = Family(name: "gleaner_store_errors_total", help: "State-store calls that failed and were worked around, by operation (lookup, prefetch, fetch_times, read_schedule, save_schedule).", type: "counter")
        public static let runs = Family(name: "gleaner_source_runs_total", help: "Source runs by outcome (success, failure).", type: "counter")
        public static let lastSuccess = Family(name: "gleaner_source_last_success_timestamp_seconds", help: "Unix time of the source's last successful run.", type: "gauge")
        public static let pagesPerRun = Family(name: "gleaner_source_last_run_pages", help: "Pages fetched in the source's last run.", type: "gauge")

        public static let parseBudget = Family(name: "gleaner_parse_budget_exceeded_total", help: "Pages refused as over a parse budget ([limits]), by site and budget.", type: "counter")

        public static let linksNotFollowed = Family(name: "gleaner_links_not_followed_total", help: "URLs not followed because of a source's allow/deny rules, by source and reason (scope_deny, scope_allow).", type: "counter")

        public static let all: [Family] = [fetches, bytes, records, robotsDenied, pageErrors, storeErrors, requiredFieldMissing, parseBudget, runs, lastSuccess, pagesPerRun, linksNotFollowed]
    }

    /// Label pairs in a fixed order, so one series has one key.
    public typealias Labels = [(String, String)]

    private struct Key: Hashable {
        let family: String
        let labels: [String]
    }

    private let values = Mutex<[Key: Double]>([:])

    public init() {}

    public func add(_ family: Family, _ labels: Labels = [], _ amount: Double = 1) {
        let key = Key(family: family.name, labels: labels.map { "\($0.0)=\($0.1)" })
        values.withLock { $0[key, default: 0] += amount }
    }

    public func set(_ family: Family, _ labels: Labels = [], _ value: Double) {
        let key = Key(family: family.name, labels: labels.map { "\($0.0)=\($0.1)" })
        values.withLock { $0[key] = value }
    }

    /// The current value of one series (0 when never touched).
    public func value(_ family: Family, _ labels: Labels = []) -> Double {
        let key = Key(family: family.name, labels: labels.map { "\($0.0)=\($0.1)" })
        return values.withLock { $0[key] ?? 0 }
    }

    /// Sum over all series of a family whose labels include `matching`.
    public func total(_ family: Family, matching: Labels = []) -> Double {
        let wanted = Set(matching.map { "\($0.0)=\($0.1)" })
        return values.withLock { all in
            all.filter { $0.key.family == family.name && wanted.isSubset(of: $0.key.labels) }.values.reduce(0, +)
        }
    }

    /// Prometheus text exposition format 0.0.4.
    public func render() -> String {
        let snapshot = values.withLock { $0 }
        var out = ""
        for family in Family.all {
            out += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n"
            let series = snapshot.filter { $0.key.family == family.name }.sorted { $0.key.labels.joined(separator: ",") < $1.key.labels.joined(separator: ",") }
            for (key, value) in series {
                let labels = key.labels.map { pair -> String in
                    let eq = pair.firstIndex(of: "=")!
                    return "\(pair[..<eq])=\"\(Self.escape(String(pair[pair.index(after: eq)...])))\""
                }
                out += family.name + (labels.isEmpty ? "" : "{\(labels.joined(separator: ","))}") + " \(Self.format(value))\n"
            }
        }
        return out
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
