import Foundation
import GleanerFetch
import Synchronization

/// The counters gleaner exposes, shared by the crawl engine and the daemon. Thread-safe; the
/// daemon renders it in Prometheus text format (`MetricsFile`) after every run.
public final class CrawlMetrics: Sendable {
    /// A metric family: name, help text, type.
    public struct Family: Sendable, Hashable {
        public let name: String
        public let help: String
        public let type: String
        /// Upper bounds of a histogram's buckets (`le`), ascending; empty for other types.
        public let buckets: [Double]

        public init(name: String, help: String, type: String, buckets: [Double] = []) {
            self.name = name
            self.help = help
            self.type = type
            self.buckets = buckets
        }

        public static let fetches = Family(name: "gleaner_fetches_total", help: "Fetches by outcome kind (ok, not_modified, http_<status> e.g. http_404, unreachable, timeout, dns, connect, tls, network, too_large, robots_disallowed, redirect_refused, address_refused, host_paused, ...).", type: "counter")
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
        public static let runDuration = Family(name: "gleaner_source_run_duration_seconds", help: "How long the source's runs took, from the first page to the last commit.", type: "histogram",
                                               buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14400])
        public static let buildInfo = Family(name: "gleaner_build_info", help: "Always 1; the running gleaner's version as a label.", type: "gauge")

        public static let parserLoadErrors = Family(name: "gleaner_parser_load_errors", help: "Errors in the parser's files at the last load or reload (0 when it loaded).", type: "gauge")
        public static let sourceDisabled = Family(name: "gleaner_source_disabled", help: "1 while the source does not run because its parser did not load.", type: "gauge")
        public static let datesNotParsed = Family(name: "gleaner_date_values_not_parsed_total", help: "Values a parser's date transform could not read (the field went without them), by site and field (parser health).", type: "counter")
        public static let linksNotFollowed = Family(name: "gleaner_links_not_followed_total", help: "Links not followed: outside a source's allow/deny rules (scope_deny, scope_allow) or not valid URLs under the URL Standard (invalid_url), by source and reason.", type: "counter")
        public static let feedEntries = Family(name: "gleaner_feed_entries_total", help: "Entries of feeds and sitemaps, by source and outcome (found, followed, unchanged, out_of_scope, over_budget).", type: "counter")

        public static let all: [Family] = [buildInfo, fetches, bytes, records, robotsDenied, pageErrors, storeErrors, requiredFieldMissing, parseBudget, runs, lastSuccess, pagesPerRun, runDuration,
                                           parserLoadErrors, sourceDisabled, linksNotFollowed, datesNotParsed, feedEntries]
    }

    /// Label pairs in a fixed order, so one series has one key.
    public typealias Labels = [(String, String)]

    private struct Key: Hashable {
        let family: String
        let labels: [String]
    }

    private let values = Mutex<[Key: Double]>([:])
    /// The rendering's memory: each series' row and each family's order.
    private let layout = Mutex<(rows: [Key: Row], order: [String: [(key: Key, prefix: String)]])>(([:], [:]))

    /// `version`: the `gleaner_build_info` label.
    public init(version: String = GleanerFetch.version) {
        set(.buildInfo, [("version", version)], 1)
    }

    /// The per-source series at 0 for sources that have none yet (runs, last success, pages of
    /// the last run, the run-duration count, sum and +Inf bucket; the other buckets come with the
    /// first run), so that a
    /// source that never ran (or never succeeded) is visible: `time() - gleaner_source_last_success_timestamp_seconds`
    /// is then large and its alert fires. Existing values are kept (a reload calls this again).
    public func declare(sources: [String]) {
        values.withLock { all in
            for source in sources {
                let s = "source=\(source)"
                var keys = [Key(family: Family.lastSuccess.name, labels: [s]), Key(family: Family.pagesPerRun.name, labels: [s])]
                keys += ["success", "failure"].map { Key(family: Family.runs.name, labels: [s, "outcome=\($0)"]) }
                keys += [Key(family: Family.runDuration.name + "_bucket", labels: [s, "le=+Inf"]),
                         Key(family: Family.runDuration.name + "_sum", labels: [s]), Key(family: Family.runDuration.name + "_count", labels: [s])]
                for key in keys where all[key] == nil { all[key] = 0 }
            }
        }
    }

    /// Counts one observation into a histogram family (cumulative buckets, sum and count).
    public func observe(_ family: Family, _ labels: Labels = [], _ value: Double) {
        let base = labels.map { "\($0.0)=\($0.1)" }
        values.withLock { all in
            for bound in family.buckets + [.infinity] {
                all[Key(family: family.name + "_bucket", labels: base + ["le=\(Self.format(bound))"]), default: 0] += value <= bound ? 1 : 0
            }
            all[Key(family: family.name + "_sum", labels: base), default: 0] += value
            all[Key(family: family.name + "_count", labels: base), default: 0] += 1
        }
    }

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
        var byName: [String: [Key]] = [:]
        for key in snapshot.keys { byName[key.family, default: []].append(key) }
        return layout.withLock { layout in
            var out = ""
            for family in Family.all {
                out += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n"
                let names = family.buckets.isEmpty ? [family.name] : ["_bucket", "_sum", "_count"].map { family.name + $0 }
                // Series are never removed, so the same count means the same series: the order
                // is worked out again only when one was added (thousands of sources).
                let count = names.reduce(0) { $0 + (byName[$1]?.count ?? 0) }
                if layout.order[family.name]?.count != count {
                    var entries: [(row: Row, key: Key)] = []
                    entries.reserveCapacity(count)
                    for (part, name) in names.enumerated() {
                        for key in byName[name] ?? [] {
                            let row = layout.rows[key] ?? Self.row(key, part: part)
                            layout.rows[key] = row
                            entries.append((row, key))
                        }
                    }
                    entries.sort { ($0.row.labels, $0.row.part, $0.row.bound) < ($1.row.labels, $1.row.part, $1.row.bound) }
                    layout.order[family.name] = entries.map { ($0.key, $0.row.prefix) }
                }
                for (key, prefix) in layout.order[family.name] ?? [] {
                    out += prefix + Self.format(snapshot[key] ?? 0) + "\n"
                }
            }
            return out
        }
    }

    /// How one series is laid out, worked out once: its sort key and its text before the value.
    private struct Row {
        /// Its labels but `le`, for sorting; then a histogram's buckets, sum and count (`part`),
        /// buckets by their bound as a number (5 < 15).
        let labels: String
        let part: Int
        let bound: Double
        /// `name{a="b",c="d"} `
        let prefix: String
    }

    private static func row(_ key: Key, part: Int) -> Row {
        let labels = key.labels.map { pair -> String in
            let eq = pair.firstIndex(of: "=")!
            return "\(pair[..<eq])=\"\(escape(String(pair[pair.index(after: eq)...])))\""
        }
        return Row(labels: key.labels.filter { !$0.hasPrefix("le=") }.joined(separator: ","), part: part, bound: bound(key.labels),
                   prefix: key.family + (labels.isEmpty ? "" : "{\(labels.joined(separator: ","))}") + " ")
    }

    /// A bucket's `le` as a number (+Inf last).
    private static func bound(_ labels: [String]) -> Double {
        guard let le = labels.first(where: { $0.hasPrefix("le=") })?.dropFirst(3) else { return 0 }
        return le == "+Inf" ? Double.infinity : Double(le) ?? 0
    }

    private static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else { return s }
        return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func format(_ v: Double) -> String {
        if v == .infinity { return "+Inf" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
