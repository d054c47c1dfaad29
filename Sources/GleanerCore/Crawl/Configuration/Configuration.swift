import Foundation
import GleanerModel
import GleanerParse

/// gleaner's configuration: a struct of documented defaults, read once from a TOML file and
/// validated at load (see `Configuration+Load.swift`). Every key is listed in
/// `docs/configuration.md`; nothing deeper in the code reads files or the environment for settings.
public struct Configuration: Sendable, Equatable {
    /// The file this was read from (for messages); nil when built in code.
    public var file: String?
    /// `state_dir`: SQLite state. Default `/var/lib/gleaner` (systemd's `StateDirectory=`).
    public var stateDirectory: String = "/var/lib/gleaner"
    /// `output_dir`: JSON Lines output, one folder per record type. Default `<state_dir>/out`.
    public var outputDirectory: String = "/var/lib/gleaner/out"
    /// `parser_dirs`: folders holding one folder per site parser. Later folders win on a name clash.
    public var parserDirectories: [String] = ["/usr/local/share/gleaner/parsers", "/etc/gleaner/parsers.d"]
    /// `metrics_file`: Prometheus text file (node_exporter textfile collector); a relative path
    /// is relative to `state_dir`. Default: none.
    public var metricsFile: String? = nil
    public var log = LogConfiguration()
    public var http = HTTPConfiguration()
    public var politeness = PolitenessConfiguration()
    public var output = OutputConfiguration()
    public var daemon = DaemonConfiguration()
    /// `[limits]`: what one page may cost the parse stage (`PageBudget`, defaults there).
    public var limits = PageBudget()
    /// `[[source]]` entries, in file order.
    public var sources: [SourceConfiguration] = []

    public init() {}

    /// `metrics_file` resolved against `state_dir`.
    public var metricsPath: String? {
        metricsFile.map { $0.hasPrefix("/") ? $0 : (stateDirectory as NSString).appendingPathComponent($0) }
    }

    public func source(named name: String) -> SourceConfiguration? { sources.first { $0.name == name } }
}

/// `[log]`
public struct LogConfiguration: Sendable, Equatable {
    /// `level`: trace, debug, info, notice, warning, error, critical. Default `info`.
    public var level: String = "info"
    /// `format`: `auto` (journald style when `JOURNAL_STREAM` is set, else plain), `journald`, `plain` (logfmt), `json`.
    public var format: String = "auto"
    public init() {}
}

/// `[http]`
public struct HTTPConfiguration: Sendable, Equatable {
    /// `user_agent`: product token and version; the contact is appended. Default `gleaner/0.1`.
    public var userAgent: String = "gleaner/0.1"
    /// `contact`: URL or mail address where a site owner reaches the operator. Default empty.
    public var contact: String = ""
    /// `concurrency`: transfers in flight across all hosts. Default 8.
    public var concurrency: Int = 8
    /// `connect_timeout`. Default 10 s.
    public var connectTimeout: ConfigDuration = .seconds(10)
    /// `timeout`: whole transfer. Default 30 s.
    public var timeout: ConfigDuration = .seconds(30)
    /// `max_body_size`: transfers beyond this are aborted. Default 10 MiB.
    public var maxBodySize: ByteSize = .mebibytes(10)
    /// `max_redirects`. Default 5.
    public var maxRedirects: Int = 5
    /// `max_attempts`: tries per URL on connection errors, timeouts, 5xx and 429. Default 3.
    public var maxAttempts: Int = 3
    /// `proxy`: e.g. `http://proxy:3128`; empty means from the environment. Default empty.
    public var proxy: String = ""
    /// `[http.connect_to]`: `"host:port" = "address:port"` (libcurl CONNECT_TO): reach a host at
    /// another address while URLs and Host headers stay the same (replicas on loopback).
    public var connectTo: [String: String] = [:]
    /// `headers`: request headers for every source's requests; a source's own `headers` win per
    /// name. Default none.
    public var headers: [String: String] = [:]
    /// `cookies`: fixed cookies for every source's requests; a source's own `cookies` win per
    /// name. Default none.
    public var cookies: [String: String] = [:]
    public init() {}

    /// The User-Agent header: `gleaner/0.1 (+https://contact)`.
    public var userAgentHeader: String { contact.isEmpty ? userAgent : "\(userAgent) (+\(contact))" }
}

/// `[politeness]`: per-host manners, for every source unless a source overrides them.
public struct PolitenessConfiguration: Sendable, Equatable {
    /// `delay`: minimum time between two requests to one host. Default 1 s.
    public var delay: ConfigDuration = .seconds(1)
    /// `jitter`: random extra delay, up to this much. Default 250 ms.
    public var jitter: ConfigDuration = .seconds(0.25)
    /// `per_host_concurrency`: connections to one host at once. Default 1.
    public var perHostConcurrency: Int = 1
    /// `max_crawl_delay`: a robots.txt `Crawl-delay` above this is capped. Default 30 s.
    public var maxCrawlDelay: ConfigDuration = .seconds(30)
    /// `robots_ttl`: how long a robots.txt is cached. Default 24 h.
    public var robotsTTL: ConfigDuration = .hours(24)
    public init() {}
}

/// `[output]`
public struct OutputConfiguration: Sendable, Equatable {
    /// `rotate`: `hour` or `day` — the period of one output file. Default `hour`.
    public var rotate: String = "hour"
    /// `max_file_size`: a file is sealed early when it grows past this. Default 256 MiB.
    public var maxFileSize: ByteSize = .mebibytes(256)
    /// `gzip`: seal files as `.jsonl.gz`. Default false.
    public var gzip: Bool = false
    /// `retention`: state of URLs and records not seen for this long is pruned. Default 90 d.
    public var retention: ConfigDuration = .days(90)
    public init() {}
}

/// `[daemon]`
public struct DaemonConfiguration: Sendable, Equatable {
    /// `shutdown_grace`: on SIGTERM, how long in-flight pages may take to finish. Default 20 s.
    public var shutdownGrace: ConfigDuration = .seconds(20)
    /// `backoff_max`: longest wait before retrying a source whose runs keep failing. Default 6 h.
    public var backoffMax: ConfigDuration = .hours(6)
    /// `parse_workers`: pages parsed at once; 0 means one per CPU core. Default 0.
    public var parseWorkers: Int = 0
    public init() {}
}
